/** MMSB deltas: the Delta, its composition, the transaction log, replay and queries. */
module io.mmsb.delta {
    requires transitive io.mmsb.core;
    requires org.slf4j;
    requires aircompressor.v3;
    exports io.mmsb.delta;
}
