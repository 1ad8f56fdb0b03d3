package io.mmsb.propagation;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.mmsb.core.internal.memory.Block;
import io.mmsb.core.internal.memory.Memory;
import io.mmsb.propagation.internal.WideRows;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Objects;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Wide cause sets propagated over a dependency graph in one pass: for any number of causes (each
 * seeded at one or more nodes), every node gets the set of causes that reach it and, for each, the
 * least number of hops. An edge of weight 0 is free (the change passes in the same hop), any other
 * weight, or an unweighted edge, is one hop. This is the bit-parallel semiring (or, and) widened
 * from 64 to {@code 64 * words} causes per pass: a node's cause set is a row of {@code words}
 * longs, and the walk is a level-synchronous breadth-first search on rows (level h: the rows of the
 * nodes that gained causes at h - 1 are or-ed along one-hop edges, masked with what each target has
 * already seen, then closed along free edges), so every row operation touches all causes at once:
 * with the Vector API a 256-cause row is one AVX2 vector. Hops are kept bit-sliced as well (plane
 * k holds bit k of the hop of every (node, cause) pair), so nothing is done per cause during the
 * walk. Cycles are fine (a cause enters a node's row once); at most {@value #MAX_HOPS} hops.
 *
 * <p>Thread rules: immutable once returned; reads are thread-safe. Ownership: the caller owns the
 * result and closes it; its rows are off-heap pages accounted to the allocator it was given.
 */
public final class CausePropagation implements AutoCloseable {
    /** The largest hop count (8 bit planes). */
    public static final int MAX_HOPS = 255;
    private static final int PLANES = 8;

    private final Memory memory;
    private final Block visitedBlock;
    private final Block planesBlock;
    private final MemorySegment visited;
    private final MemorySegment planes;
    private final int nodes;
    private final int causes;
    private final int words;
    private final int levels;
    private final String kernels;

    private CausePropagation(Memory memory, Block visitedBlock, Block planesBlock, int nodes, int causes, int words, int levels,
                             String kernels) {
        this.memory = memory;
        this.visitedBlock = visitedBlock;
        this.planesBlock = planesBlock;
        this.visited = visitedBlock.segment();
        this.planes = planesBlock.segment();
        this.nodes = nodes;
        this.causes = causes;
        this.words = words;
        this.levels = levels;
        this.kernels = kernels;
    }

    /**
     * Propagates {@code causes} causes: cause {@code seedCauses[i]} starts at node
     * {@code seedNodes[i]} (hop 0).
     *
     * @throws InvalidSeedException when a seed node is not a node of the graph or a seed cause not in {@code [0, causes)}
     * @throws PropagationDivergedException when some cause first reaches a node after more than {@value #MAX_HOPS} hops
     */
    public static CausePropagation run(DependencyGraph graph, BufferAllocator allocator, int causes, int[] seedNodes, int[] seedCauses,
                                       KernelPath path) {
        Objects.requireNonNull(graph, "graph");
        Objects.requireNonNull(allocator, "allocator");
        if (seedNodes.length != seedCauses.length) {
            throw new IllegalArgumentException("seed arrays differ in length: nodes " + seedNodes.length + ", causes " + seedCauses.length);
        }
        if (causes < 0) {
            throw new IllegalArgumentException("negative cause count " + causes);
        }
        int n = graph.nodeCount();
        for (int i = 0; i < seedNodes.length; i++) {
            if (seedNodes[i] < 0 || seedNodes[i] >= n) {
                throw new InvalidSeedException("seed " + i + ": node " + seedNodes[i] + " is not a node in [0, " + n + ")");
            }
            if (seedCauses[i] < 0 || seedCauses[i] >= causes) {
                throw new InvalidSeedException("seed " + i + ": cause " + seedCauses[i] + " is not in [0, " + causes + ")");
            }
        }
        WideRows rows = WideRows.of(path == null ? KernelPath.AUTO : path);
        int g = rows.granule();
        int words = Math.max(g, ((causes + 63) / 64 + g - 1) / g * g);
        long rowBytes = (long) words * Long.BYTES;
        Memory memory = Memory.childOf(allocator, "cause-propagation");
        Block visited = null;
        Block planes = null;
        Block work = null;
        try {
            visited = memory.allocate(Math.max(1, n) * rowBytes);
            planes = memory.allocate(Math.max(1, n) * rowBytes * PLANES);
            work = memory.allocate(Math.max(1, n) * rowBytes * 2);
            int levels = walk(graph, rows, words, visited.segment(), planes.segment(),
                work.segment().asSlice(0, Math.max(1, n) * rowBytes), work.segment().asSlice(Math.max(1, n) * rowBytes), seedNodes, seedCauses);
            work.close();
            work = null;
            return new CausePropagation(memory, visited, planes, n, causes, words, levels, rows.name());
        } catch (RuntimeException | Error e) {
            if (work != null) work.close();
            if (planes != null) planes.close();
            if (visited != null) visited.close();
            memory.close();
            throw e;
        }
    }

    /** The walk; returns the number of levels (largest hop + 1, 0 without seeds). */
    private static int walk(DependencyGraph graph, WideRows rows, int w, MemorySegment visited, MemorySegment planes,
                            MemorySegment cur, MemorySegment next, int[] seedNodes, int[] seedCauses) {
        int n = graph.nodeCount();
        long planeStride = (long) n * w;
        int[] stamp = new int[n];
        Arrays.fill(stamp, -1);
        int[] active = new int[Math.max(1, n)];
        int activeCount = 0;
        for (int i = 0; i < seedNodes.length; i++) {
            int v = seedNodes[i];
            long r = (long) v * w;
            if (stamp[v] != 0) {
                stamp[v] = 0;
                rows.clear(cur, r, w);
                active[activeCount++] = v;
            }
            long word = r + (seedCauses[i] >>> 6);
            long bit = 1L << (seedCauses[i] & 63);
            cur.setAtIndex(JAVA_LONG, word, cur.getAtIndex(JAVA_LONG, word) | bit);
            visited.setAtIndex(JAVA_LONG, word, visited.getAtIndex(JAVA_LONG, word) | bit);
        }
        int[] listStamp = new int[n];
        Arrays.fill(listStamp, -1);
        for (int i = 0; i < activeCount; i++) {
            listStamp[active[i]] = 0;
        }
        int[] queue = new int[Math.max(1, n)];
        MemorySegment offsets = graph.offsets();
        MemorySegment targets = graph.targets();
        boolean[] free = null; // free[e]: edge e has weight 0
        if (graph.weighted()) {
            free = new boolean[graph.edgeCount()];
            for (int e = 0; e < free.length; e++) {
                free[e] = graph.weight(e, Semirings.TROPICAL) == 0;
            }
        }
        activeCount = closeFree(offsets, targets, free, rows, w, visited, cur, active, activeCount, stamp, listStamp, 0, queue);
        int level = 0;
        int[] touched = new int[Math.max(1, n)];
        while (activeCount > 0) {
            level++;
            if (level > MAX_HOPS) {
                throw new PropagationDivergedException("a cause first reaches a node after more than " + MAX_HOPS
                    + " hops; cause propagation keeps hops in 8 bits (expected a graph whose longest shortest path is at most "
                    + MAX_HOPS + " hops)");
            }
            int touchedCount = 0;
            for (int a = 0; a < activeCount; a++) {
                int u = active[a];
                long ru = (long) u * w;
                for (int e = offsets.getAtIndex(JAVA_INT, u), end = offsets.getAtIndex(JAVA_INT, u + 1L); e < end; e++) {
                    if (free != null && free[e]) {
                        continue;
                    }
                    int v = targets.getAtIndex(JAVA_INT, e);
                    long rv = (long) v * w;
                    if (stamp[v] != level) {
                        stamp[v] = level;
                        rows.clear(next, rv, w);
                        touched[touchedCount++] = v;
                    }
                    rows.or(next, rv, cur, ru, w);
                }
            }
            int newCount = 0;
            for (int t = 0; t < touchedCount; t++) {
                int v = touched[t];
                if (rows.keepNew(next, visited, (long) v * w, w)) {
                    listStamp[v] = level;
                    active[newCount++] = v;
                }
            }
            newCount = closeFree(offsets, targets, free, rows, w, visited, next, active, newCount, stamp, listStamp, level, queue);
            for (int a = 0; a < newCount; a++) {
                long rv = (long) active[a] * w;
                for (int k = 0; k < PLANES; k++) {
                    if ((level >>> k & 1) != 0) {
                        rows.or(planes, k * planeStride + rv, next, rv, w);
                    }
                }
            }
            MemorySegment swap = cur;
            cur = next;
            next = swap;
            activeCount = newCount;
        }
        return seedNodes.length == 0 ? 0 : level;
    }

    /**
     * Closes the rows of {@code list} along free (weight-0) edges at {@code level}: a node that
     * gains causes passes them on (it is queued again for each gain, so the work is bounded by the
     * gains, at most one per (node, cause)); returns the new list length.
     */
    private static int closeFree(MemorySegment offsets, MemorySegment targets, boolean[] free, WideRows rows, int w, MemorySegment visited,
                                 MemorySegment cur, int[] list, int count, int[] stamp, int[] listStamp, int level, int[] queue) {
        if (free == null) {
            return count;
        }
        int[] q = queue;
        int head = 0;
        int tail = 0;
        for (int i = 0; i < count; i++) {
            q[tail++] = list[i];
        }
        while (head < tail) {
            int u = q[head++];
            long ru = (long) u * w;
            for (int e = offsets.getAtIndex(JAVA_INT, u), end = offsets.getAtIndex(JAVA_INT, u + 1L); e < end; e++) {
                if (!free[e]) {
                    continue;
                }
                int v = targets.getAtIndex(JAVA_INT, e);
                long rv = (long) v * w;
                if (stamp[v] != level) {
                    stamp[v] = level;
                    rows.clear(cur, rv, w);
                }
                if (rows.spread(cur, visited, ru, rv, w)) {
                    if (listStamp[v] != level) {
                        listStamp[v] = level;
                        list[count++] = v;
                    }
                    if (tail == q.length) {
                        q = Arrays.copyOf(q, 2 * q.length);
                    }
                    q[tail++] = v;
                }
            }
        }
        return count;
    }

    /** Nodes of the graph. */
    public int nodeCount() {
        return nodes;
    }

    /** Causes propagated. */
    public int causeCount() {
        return causes;
    }

    /** Longs per row (64 causes each, padded to whole vectors). */
    public int words() {
        return words;
    }

    /** Levels walked (largest hop + 1; 0 without seeds). */
    public int levels() {
        return levels;
    }

    /** "vector" or "scalar": the row operations used. */
    public String kernels() {
        return kernels;
    }

    private void check(int node) {
        if (node < 0 || node >= nodes) {
            throw new IndexOutOfBoundsException("node " + node + " is not in [0, " + nodes + ")");
        }
    }

    /** Whether any cause reaches {@code node}. */
    public boolean reached(int node) {
        check(node);
        long r = (long) node * words;
        for (int i = 0; i < words; i++) {
            if (visited.getAtIndex(JAVA_LONG, r + i) != 0) {
                return true;
            }
        }
        return false;
    }

    /** The least hops from {@code cause} to {@code node}, or -1 if it does not reach it. */
    public int hops(int node, int cause) {
        check(node);
        if (cause < 0 || cause >= causes) {
            throw new IndexOutOfBoundsException("cause " + cause + " is not in [0, " + causes + ")");
        }
        long word = (long) node * words + (cause >>> 6);
        long bit = 1L << (cause & 63);
        if ((visited.getAtIndex(JAVA_LONG, word) & bit) == 0) {
            return -1;
        }
        int h = 0;
        long planeStride = (long) nodes * words;
        for (int k = 0; k < PLANES; k++) {
            if ((planes.getAtIndex(JAVA_LONG, k * planeStride + word) & bit) != 0) {
                h |= 1 << k;
            }
        }
        return h;
    }

    /** The causes that reach {@code node}, ascending. */
    public int[] causesOf(int node) {
        check(node);
        long r = (long) node * words;
        int count = 0;
        for (int i = 0; i < words; i++) {
            count += Long.bitCount(visited.getAtIndex(JAVA_LONG, r + i));
        }
        int[] out = new int[count];
        int k = 0;
        for (int i = 0; i < words; i++) {
            for (long bits = visited.getAtIndex(JAVA_LONG, r + i); bits != 0; bits &= bits - 1) {
                out[k++] = i * 64 + Long.numberOfTrailingZeros(bits);
            }
        }
        return out;
    }

    /** The least hops from any cause to {@code node}, or -1 if none reaches it. */
    public int minHops(int node) {
        int best = -1;
        for (int c : causesOf(node)) {
            int h = hops(node, c);
            if (best < 0 || h < best) {
                best = h;
            }
        }
        return best;
    }

    /** Number of (node, cause) pairs reached. */
    public long reachedPairs() {
        long total = 0;
        long all = (long) nodes * words;
        for (long i = 0; i < all; i++) {
            total += Long.bitCount(visited.getAtIndex(JAVA_LONG, i));
        }
        return total;
    }

    @Override
    public void close() {
        planesBlock.close();
        visitedBlock.close();
        memory.close();
    }
}
