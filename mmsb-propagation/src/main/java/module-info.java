/** MMSB propagation: semirings and the dependency-DAG propagator. */
module io.mmsb.propagation {
    requires transitive io.mmsb.core;
    requires transitive io.mmsb.delta;
    // optional at run time: KernelProvider checks the boot layer and falls back to scalar kernels
    requires static jdk.incubator.vector;
    requires org.slf4j;
    exports io.mmsb.propagation;
}
