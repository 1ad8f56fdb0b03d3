package io.mmsb.delta;

import io.mmsb.core.Schema;
import io.mmsb.core.SymbolDictionary;
import io.mmsb.delta.internal.StoreImpl;
import java.nio.file.Path;
import java.util.List;

/**
 * A store of columnar semantic state with its full history. Every change is a {@link Delta}
 * committed at a fresh epoch (1, 2, 3, ... issued by the store) into an append-only,
 * checksummed log; any past epoch can be viewed, diffed and hashed.
 *
 * <p>Thread rules: {@link #commit} and {@link #newDelta} are for one writer at a time (commits
 * are serialised by a lock); every query is safe from any thread, concurrently with commits.
 * Ownership: owns all pages and the log; {@link #close()} releases them, after which views and
 * slices of this store must not be used.
 */
public sealed interface Store extends AutoCloseable permits StoreImpl {
    /** Opens (or creates) the store in directory {@code dir}: recovery of the log, then replay. */
    static Store open(Path dir, StoreOptions options) {
        return StoreImpl.open(dir, options);
    }

    /** A store that keeps everything in memory and writes no log (for tests of compiler passes). */
    static Store inMemory(StoreOptions options) {
        return StoreImpl.inMemory(options);
    }

    Schema schema();

    /** The last committed epoch (0 for an empty store). */
    long lastEpoch();

    /** The epoch the next commit will have: {@code lastEpoch() + 1}. */
    default long nextEpoch() {
        return lastEpoch() + 1;
    }

    /** The versioned symbol dictionary of this store. */
    SymbolDictionary dictionary();

    /** Makes and composes deltas over this store's memory and dictionary. */
    Deltas deltas();

    /** Starts a delta on {@code table}, rows {@code [rowStart, rowEnd)}, for the next epoch. */
    DeltaBuilder newDelta(String table, int rowStart, int rowEnd, String... columns);

    /**
     * Validates and commits {@code deltas} atomically as one epoch (all must have been issued for
     * {@link #nextEpoch()}); returns that epoch. A rejected commit throws a {@link DeltaException}
     * and leaves the store unchanged. Durability follows {@link StoreOptions#durability()}.
     */
    long commit(Delta... deltas);

    /** Forces everything committed so far to disk. */
    void sync();

    /** The highest epoch known to be on disk (for an in-memory store: the last epoch). */
    long durableEpoch();

    /** Bytes of off-heap memory the store holds now: the decoded pages of every epoch it keeps. */
    long offHeapBytes();

    /** Blocks until {@code epoch} is durable (group commit). */
    void awaitDurable(long epoch);

    /** The state right after {@code epoch} (0 = empty). */
    StateView stateAt(long epoch);

    default StateView latest() {
        return stateAt(lastEpoch());
    }

    /** The rectangles of cells that actually differ between epoch {@code from} and epoch {@code to}. */
    List<Change> diff(long from, long to);

    /** Every epoch at which row {@code row} of {@code table} changed, with the values it took. */
    List<HistoryEntry> history(String table, int row);

    /**
     * A SHA-256 content hash (hex) of the state at {@code epoch}: the same however that state was
     * reached (live commits, replay of the log, keyframe plus replay).
     */
    String stateHash(long epoch);

    /** One line per committed epoch: what it wrote. */
    List<CommitInfo> log();

    /** What recovery found when the store was opened. */
    RecoveryReport recovery();

    @Override
    void close();
}
