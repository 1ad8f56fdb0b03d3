package io.mmsb.delta.internal;

import io.mmsb.core.internal.memory.Memory;
import io.mmsb.delta.RecoveryReport;
import io.mmsb.delta.StoreOptions;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.List;

/** The store's log on disk: an adapter over the TLog (wired in when the TLog lands). */
final class DiskLog implements CommitLog {
    record Record(long epoch, int type, MemorySegment payload) {
    }

    static DiskLog open(Path dir, StoreOptions options, Memory memory) {
        throw new UnsupportedOperationException("on-disk stores arrive with the TLog");
    }

    RecoveryReport recovery() {
        throw new UnsupportedOperationException();
    }

    List<Record> records() {
        throw new UnsupportedOperationException();
    }

    @Override
    public void append(long epoch, int type, MemorySegment... parts) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void sync() {
    }

    @Override
    public long durableEpoch() {
        return 0;
    }

    @Override
    public void awaitDurable(long epoch) {
    }

    @Override
    public void close() {
    }
}
