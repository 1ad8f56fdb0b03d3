module demo.shapes {
    exports demo;
}
