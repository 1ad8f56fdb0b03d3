package io.mmsb.delta.internal.log;

import io.mmsb.delta.CorruptLogException;
import io.mmsb.delta.LogIOException;
import io.mmsb.delta.RecoveryReport;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recovery protocol run at open (docs/FORMAT.md, "Recovery"): verify every segment in order,
 * cut a torn tail, and either quarantine or (strict, read-only) refuse corrupt bytes. Never deletes
 * or truncates a byte that could hold an acknowledged record or a file MMSB did not write: only a
 * tail of the last segment that an incomplete MMSB write explains is cut, and only if it lies after
 * the durable mark. A read-only recovery changes no file at all.
 */
final class Recovery {
    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

    /** How recovery may treat the files: repair, refuse corruption, or change nothing. */
    enum Mode {
        /** Cut torn tails, quarantine corruption. */
        LENIENT,
        /** Cut torn tails, throw on corruption. */
        STRICT,
        /** Change no file: report torn tails, throw on corruption. */
        READ_ONLY;

        static Mode of(LogOptions options) {
            return options.readOnly() ? READ_ONLY : options.strictRecovery() ? STRICT : LENIENT;
        }
    }

    /** A segment file that survived recovery, with the length that verified. */
    record KeptSegment(String name, long sequence, long length) {}

    /**
     * @param segments the segments kept, in order
     * @param records the records kept, in order
     * @param report what was found
     * @param nextSequence the sequence number the next new segment must take
     * @param durableMark the epoch of the durable-mark file, or 0
     */
    record Result(List<KeptSegment> segments, List<SegmentScan.Entry> records, RecoveryReport report,
            long nextSequence, long durableMark) {}

    private record SegmentFile(String name, long sequence) {}

    private final LogBackend backend;
    private final Mode mode;
    private final List<SegmentFile> files;
    private final long durableMark;
    private final List<KeptSegment> kept = new ArrayList<>();
    private final List<SegmentScan.Entry> records = new ArrayList<>();
    private long lastEpoch = TLog.NO_EPOCH;

    private Recovery(LogBackend backend, Mode mode, List<SegmentFile> files, long durableMark) {
        this.backend = backend;
        this.mode = mode;
        this.files = files;
        this.durableMark = durableMark;
    }

    /** Runs recovery on the segments in {@code backend}. */
    static Result run(LogBackend backend, Mode mode) {
        // the durable mark first, then the segments: a writer forces records before it marks them,
        // so a reader that opens while a writer appends finds every record the mark it read names
        boolean marked = io(backend, "list directory", backend::list).contains(LogFormat.DURABLE_MARK_FILE);
        long mark = marked ? readMark(backend) : TLog.NO_EPOCH;
        List<SegmentFile> files = new ArrayList<>();
        for (String name : io(backend, "list directory", backend::list)) {
            LogFormat.parseSegmentName(name).ifPresent(seq -> files.add(new SegmentFile(name, seq)));
        }
        files.sort((a, b) -> Long.compare(a.sequence(), b.sequence()));
        return new Recovery(backend, mode, files, mark).scanAll();
    }

    private static long readMark(LogBackend backend) {
        String name = LogFormat.DURABLE_MARK_FILE;
        try (Arena arena = Arena.ofConfined()) {
            long size = io(name, "size", () -> backend.size(name));
            return LogFormat.readMark(io(name, "map", () -> backend.mapReadOnly(name, size, arena)));
        }
    }

    private Result scanAll() {
        try (Arena scanArena = Arena.ofConfined()) {
            for (int i = 0; i < files.size(); i++) {
                RecoveryReport problem = scanSegment(i, scanArena);
                if (problem != null) {
                    return result(problem);
                }
            }
            if (lastEpoch < durableMark) {
                return result(missingAtEnd());
            }
        }
        return result(new RecoveryReport.Clean(records.size(), lastEpoch));
    }

    /**
     * Every segment verified, but the log ends before the durable mark: a cut at a record boundary
     * or a removed last segment lost records that had been forced. Nothing is left to move aside.
     */
    private RecoveryReport missingAtEnd() {
        String name = kept.isEmpty() ? LogFormat.segmentName(1) : kept.getLast().name();
        long end = kept.isEmpty() ? 0 : kept.getLast().length();
        if (mode != Mode.LENIENT) {
            throw new CorruptLogException(name, end, lostReason());
        }
        LOG.error("transaction log {}: {}", backend.describe(), lostReason());
        return new RecoveryReport.Corrupt(name, end, lostReason(), lastEpoch, records.size(), List.of());
    }

    private String lostReason() {
        return "records the log had recorded as durable are missing: it ends at epoch " + lastEpoch + " but "
                + LogFormat.DURABLE_MARK_FILE + " says epochs up to " + durableMark + " were forced";
    }

    /** @return null if segment {@code i} verified entirely, else the report of the repair done */
    private RecoveryReport scanSegment(int i, Arena scanArena) {
        SegmentFile file = files.get(i);
        if (i > 0 && file.sequence() != files.get(i - 1).sequence() + 1) {
            return corrupt(i, new SegmentScan.Stop(0, "segment " + (files.get(i - 1).sequence() + 1)
                    + " is missing: found " + file.sequence() + " after " + files.get(i - 1).sequence(), false), null);
        }
        long size = io(file.name(), "size", () -> backend.size(file.name()));
        MemorySegment bytes = io(file.name(), "map", () -> backend.mapReadOnly(file.name(), size, scanArena));
        SegmentScan scan = SegmentScan.scan(file.name(), file.sequence(), bytes, lastEpoch);
        records.addAll(scan.entries());
        lastEpoch = scan.lastEpoch();
        SegmentScan.Stop stop = scan.stop();
        if (stop == null) {
            kept.add(new KeptSegment(file.name(), file.sequence(), size));
            return null;
        }
        boolean last = i == files.size() - 1;
        MemorySegment keptBytes = scan.entries().isEmpty() ? null : bytes;
        if (last && incompleteWrite(bytes, stop)) {
            if (lastEpoch < durableMark) {
                return corrupt(i, new SegmentScan.Stop(stop.offset(), lostReason() + " (the file ends in an incomplete "
                        + "record at offset " + stop.offset() + ": " + stop.reason() + ")", false), keptBytes);
            }
            return tornTail(file, size, stop, !scan.entries().isEmpty());
        }
        if (last && stop.torn()) {
            stop = new SegmentScan.Stop(stop.offset(), "bytes that no incomplete MMSB write explains (not a segment "
                    + "or record header, nor zeros): a file MMSB did not write, or damage (" + stop.reason() + ")", false);
        }
        return corrupt(i, stop, keptBytes);
    }

    /**
     * @return true if the bytes of the last segment from {@code stop} on are what an interrupted
     *     MMSB write leaves (docs/FORMAT.md, "What the log assumes of the disk"): zeros; a prefix of
     *     a segment or record header followed by zeros; a valid record header whose record runs
     *     past the end of the file; or a valid record header whose payload is cut by zeros that run
     *     to the end of the file
     */
    private static boolean incompleteWrite(MemorySegment bytes, SegmentScan.Stop stop) {
        MemorySegment tail = bytes.asSlice(stop.offset());
        if (LogFormat.allZero(tail)) {
            return true;
        }
        if (stop.offset() == 0) {
            return stop.torn() && LogFormat.startsLikeHeader(tail, LogFormat.SEGMENT_MAGIC_BYTES);
        }
        if (tail.byteSize() < LogFormat.HEADER_BYTES) {
            return stop.torn() && LogFormat.startsLikeHeader(tail, LogFormat.RECORD_MAGIC_BYTES);
        }
        if (stop.torn()) {
            return true; // a verified record header whose record runs past the end of the file
        }
        if (!stop.payloadCrc()) {
            return false;
        }
        long length = tail.get(LogFormat.I64, LogFormat.RECORD_LENGTH);
        long zerosFrom = LogFormat.trailingZerosFrom(tail);
        return zerosFrom < LogFormat.recordBytes(length); // the record's own bytes end in zeros to the end of the file
    }

    private RecoveryReport tornTail(SegmentFile file, long size, SegmentScan.Stop stop, boolean keepsRecords) {
        long dropped = size - stop.offset();
        if (mode == Mode.READ_ONLY) {
            LOG.debug("transaction log {}: torn tail in {} at offset {} ({}): {} bytes ignored (read-only)",
                    backend.describe(), file.name(), stop.offset(), stop.reason(), dropped);
            if (keepsRecords) {
                kept.add(new KeptSegment(file.name(), file.sequence(), stop.offset()));
            }
            return new RecoveryReport.TornTail(file.name(), keepsRecords ? stop.offset() : 0, keepsRecords ? dropped : size,
                    records.size(), lastEpoch, durableMark, false);
        }
        LOG.warn("transaction log {}: torn tail in {} at offset {} ({}): dropping {} bytes", backend.describe(),
                file.name(), stop.offset(), stop.reason(), dropped);
        if (keepsRecords) {
            io(file.name(), "truncate torn tail", () -> backend.truncate(file.name(), stop.offset()));
            kept.add(new KeptSegment(file.name(), file.sequence(), stop.offset()));
            return new RecoveryReport.TornTail(file.name(), stop.offset(), dropped, records.size(), lastEpoch,
                    durableMark, true);
        }
        io(file.name(), "delete segment with no complete record", () -> backend.delete(file.name()));
        io(backend.describe(), "sync directory", backend::syncDirectory);
        return new RecoveryReport.TornTail(file.name(), 0, size, records.size(), lastEpoch, durableMark, true);
    }

    /**
     * Refuses (strict, read-only) or quarantines the damaged bytes of segment {@code i} from
     * {@code stop} on and every later segment.
     *
     * @param keptBytes the mapping of segment {@code i} if records before the damage are kept in
     *     it; null if the whole file goes to quarantine
     */
    private RecoveryReport corrupt(int i, SegmentScan.Stop stop, MemorySegment keptBytes) {
        String name = files.get(i).name();
        if (mode != Mode.LENIENT) {
            throw new CorruptLogException(name, stop.offset(), stop.reason());
        }
        LOG.error("transaction log {}: corrupt segment {} at offset {}: {}; moving the damaged bytes to quarantine",
                backend.describe(), name, stop.offset(), stop.reason());
        List<String> quarantined = new Quarantine(backend).isolate(files.subList(i, files.size()).stream()
                .map(SegmentFile::name).toList(), keptBytes == null ? 0 : stop.offset(), keptBytes);
        if (keptBytes != null) {
            kept.add(new KeptSegment(name, files.get(i).sequence(), stop.offset()));
        }
        return new RecoveryReport.Corrupt(name, stop.offset(), stop.reason(), lastEpoch, records.size(), quarantined);
    }

    private Result result(RecoveryReport report) {
        long next = kept.isEmpty()
                ? files.stream().mapToLong(SegmentFile::sequence).max().orElse(0) + 1
                : kept.getLast().sequence() + 1;
        return new Result(List.copyOf(kept), List.copyOf(records), report, next, durableMark);
    }

    /** An I/O step whose failure becomes a {@link LogIOException} naming file and operation. */
    interface IoStep<T> {
        T run() throws IOException;
    }

    /** An I/O step without a result. */
    interface IoAction {
        void run() throws IOException;
    }

    static <T> T io(String file, String operation, IoStep<T> step) {
        try {
            return step.run();
        } catch (IOException e) {
            throw new LogIOException(file, operation, e);
        }
    }

    static void io(String file, String operation, IoAction action) {
        io(file, operation, () -> {
            action.run();
            return null;
        });
    }

    private static <T> T io(LogBackend backend, String operation, IoStep<T> step) {
        return io(backend.describe(), operation, step);
    }

    /** Moves damaged bytes aside, never deleting them. Order matters for crash safety. */
    static final class Quarantine {
        private final LogBackend backend;
        private final Set<String> taken;

        Quarantine(LogBackend backend) {
            this.backend = backend;
            this.taken = new HashSet<>(io(backend.describe(), "list directory", backend::list));
        }

        /**
         * Quarantines {@code names.get(0)} from {@code offset} on and all of {@code names.get(1..)}.
         * Later segments are renamed first and the damaged segment is cut last, so a crash in
         * between leaves the damage in place for the next recovery to find again, never a gap
         * followed by later records that could be taken for a continuation.
         *
         * @param keptBytes mapping of the first file when {@code offset > 0} (its tail is copied
         *     out before the cut); null when the whole first file is renamed
         * @return the quarantine file names in log order
         */
        List<String> isolate(List<String> names, long offset, MemorySegment keptBytes) {
            List<String> out = new ArrayList<>();
            for (int j = names.size() - 1; j >= 1; j--) {
                out.addFirst(renameAside(names.get(j)));
            }
            String first = names.getFirst();
            out.addFirst(keptBytes == null ? renameAside(first) : copyAside(first, offset, keptBytes));
            io(backend.describe(), "sync directory", backend::syncDirectory);
            if (keptBytes != null) {
                io(first, "truncate before quarantined bytes", () -> backend.truncate(first, offset));
            }
            return out;
        }

        private String renameAside(String name) {
            String target = freeName(name, 0);
            io(name, "rename to " + target, () -> backend.rename(name, target));
            return target;
        }

        private String copyAside(String name, long offset, MemorySegment bytes) {
            String target = freeName(name, offset);
            io(target, "write quarantine copy", () -> {
                try (LogBackend.AppendFile out = backend.create(target)) {
                    out.write(LogFormat.buffers(bytes.asSlice(offset)).toArray(ByteBuffer[]::new));
                    out.force();
                }
            });
            return target;
        }

        /** @return "{name}.{offset}.quarantine", with "-2", "-3"... added if that is taken */
        private String freeName(String name, long offset) {
            String base = name + "." + offset + LogFormat.QUARANTINE_SUFFIX;
            String candidate = base;
            for (int n = 2; taken.contains(candidate); n++) {
                candidate = base + "-" + n;
            }
            taken.add(candidate);
            return candidate;
        }
    }
}
