/** MMSB invalidation impact: API changes between two recorded compilations, their causes and their ground truth, as a library call. */
module io.mmsb.impact {
    requires transitive io.mmsb.delta;
    requires io.mmsb.hooks;
    requires transitive io.mmsb.recorder;
    requires io.mmsb.propagation;
    exports io.mmsb.impact;
}
