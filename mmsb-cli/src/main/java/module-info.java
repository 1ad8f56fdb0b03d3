/** The mmsb command and the end-to-end example. */
module io.mmsb.cli {
    requires io.mmsb.delta;
    requires io.mmsb.hooks;
    requires io.mmsb.recorder;
    requires io.mmsb.javac;
    requires io.mmsb.propagation;
    requires io.mmsb.impact;
    requires jdk.compiler;
    requires org.apache.arrow.vector;
    requires org.apache.arrow.c;
    requires java.sql;
    requires org.slf4j;
    requires info.picocli;
    exports io.mmsb.cli;
    opens io.mmsb.cli to info.picocli;
}
