/** MMSB deltas: the Delta, its composition, the transaction log, replay and queries. */
module io.mmsb.delta {
    requires transitive io.mmsb.core;
    requires org.slf4j;
    exports io.mmsb.delta;
}
