package io.mmsb.bench.store;

import io.airlift.compress.v3.Compressor;
import io.airlift.compress.v3.Decompressor;
import io.airlift.compress.v3.lz4.Lz4JavaCompressor;
import io.airlift.compress.v3.lz4.Lz4JavaDecompressor;
import io.airlift.compress.v3.zstd.ZstdJavaCompressor;
import io.airlift.compress.v3.zstd.ZstdJavaDecompressor;
import io.mmsb.delta.internal.log.LogOptions;
import io.mmsb.delta.internal.log.LogRecord;
import io.mmsb.delta.internal.log.TLog;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How the candidate codecs compress the bodies of real version-2 commit payloads (the cells,
 * dictionary entries and patch entries of a recorded compilation, before compression): the
 * setup prints the ratio (body bytes / compressed bytes); the benchmarks time compressing and
 * decompressing all bodies. Anchor: {@code copy}, a plain array copy of the same bytes. The store
 * to read is {@code -p store=DIR} (default: the main job's {@code mmsb-store}), read with a copy of
 * its segments so that the store is not locked or changed.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"}) // the MMSB flags come from BenchMain
public class PayloadCodecBench {
    @Param({"zstd", "lz4", "deflate1", "deflate6"})
    public String codec;

    @Param("mmsb-store")
    public String store;

    List<byte[]> bodies;
    List<byte[]> compressed;
    long bodyBytes;

    @Setup(Level.Trial)
    public void read() throws Exception {
        Path copy = Files.createTempDirectory("mmsb-codec");
        try (var files = Files.list(Path.of(store))) {
            for (Path f : files.filter(f -> f.toString().endsWith(".tlog")).toList()) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        bodies = new ArrayList<>();
        try (TLog log = TLog.open(copy, LogOptions.strict())) {
            for (LogRecord r : log.recovered()) {
                ByteBuffer p = r.payload().asByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
                if (p.getShort(4) != 2) {
                    continue;
                }
                // part A (compressed when byte 6 is 1 or 2) then part B (streams stored as they are)
                byte[] stored = r.payload().asSlice(16, p.getInt(12)).toArray(ValueLayout.JAVA_BYTE);
                byte[] partB = r.payload().asSlice(16 + p.getInt(12)).toArray(ValueLayout.JAVA_BYTE);
                byte[] partA = new byte[p.getInt(8)];
                if (p.get(6) == 1) { // zstd (stores written before deflate replaced it)
                    new ZstdJavaDecompressor().decompress(stored, 0, stored.length, partA, 0, partA.length);
                } else if (p.get(6) == 2) { // raw deflate
                    Inflater in = new Inflater(true);
                    in.setInput(Arrays.copyOf(stored, stored.length + 1));
                    in.inflate(partA);
                    in.end();
                } else {
                    partA = stored;
                }
                byte[] body = Arrays.copyOf(partA, partA.length + partB.length);
                System.arraycopy(partB, 0, body, partA.length, partB.length);
                bodies.add(body);
                bodyBytes += body.length;
            }
        }
        BenchSupport.delete(copy);
        if (bodies.isEmpty()) {
            throw new IllegalStateException("no version-2 commit records in " + store);
        }
        compressed = new ArrayList<>();
        long out = 0;
        for (byte[] b : bodies) {
            byte[] c = compress(b);
            compressed.add(c);
            out += c.length;
        }
        System.out.printf("%n# %s: %d bodies, %,d bytes -> %,d bytes (ratio %.2f)%n", codec, bodies.size(), bodyBytes, out, (double) bodyBytes / out);
    }

    private byte[] compress(byte[] body) {
        return switch (codec) {
            case "zstd" -> air(new ZstdJavaCompressor(), body);
            case "lz4" -> air(new Lz4JavaCompressor(), body);
            case "deflate1", "deflate6" -> {
                Deflater d = new Deflater(codec.equals("deflate1") ? 1 : 6);
                d.setInput(body);
                d.finish();
                byte[] out = new byte[body.length + body.length / 100 + 64];
                int n = d.deflate(out);
                d.end();
                yield Arrays.copyOf(out, n);
            }
            default -> throw new IllegalArgumentException(codec);
        };
    }

    private static byte[] air(Compressor c, byte[] body) {
        byte[] out = new byte[c.maxCompressedLength(body.length)];
        int n = c.compress(body, 0, body.length, out, 0, out.length);
        return Arrays.copyOf(out, n);
    }

    @Benchmark
    public long compressAll() {
        long n = 0;
        for (byte[] b : bodies) {
            n += compress(b).length;
        }
        return n;
    }

    @Benchmark
    public long decompressAll() throws DataFormatException {
        long n = 0;
        for (int i = 0; i < bodies.size(); i++) {
            byte[] c = compressed.get(i);
            byte[] out = new byte[bodies.get(i).length];
            switch (codec) {
                case "zstd" -> n += decompress(new ZstdJavaDecompressor(), c, out);
                case "lz4" -> n += decompress(new Lz4JavaDecompressor(), c, out);
                default -> {
                    Inflater inf = new Inflater();
                    inf.setInput(c);
                    n += inf.inflate(out);
                    inf.end();
                }
            }
        }
        return n;
    }

    private static int decompress(Decompressor d, byte[] in, byte[] out) {
        return d.decompress(in, 0, in.length, out, 0, out.length);
    }

    /** Anchor: copying the bodies. */
    @Benchmark
    public long copy() {
        long n = 0;
        for (byte[] b : bodies) {
            n += b.clone().length;
        }
        return n;
    }
}
