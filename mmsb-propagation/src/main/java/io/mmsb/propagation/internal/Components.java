package io.mmsb.propagation.internal;

import io.mmsb.propagation.DependencyGraph;
import java.util.Arrays;

/**
 * The strongly connected components of a graph, numbered in topological order of the
 * condensation (every edge between two components goes from a lower to a higher number), with
 * their members grouped and a flag for components that contain a cycle (more than one node, or
 * a self-loop). Computed by an iterative Tarjan: no recursion, any depth.
 *
 * <p>Thread rules: immutable after construction.
 */
public final class Components {
    private final int[] componentOf;
    private final int[] memberStart;
    private final int[] members;
    private final boolean[] cyclic;

    private Components(int[] componentOf, int[] memberStart, int[] members, boolean[] cyclic) {
        this.componentOf = componentOf;
        this.memberStart = memberStart;
        this.members = members;
        this.cyclic = cyclic;
    }

    public int count() {
        return cyclic.length;
    }

    public int componentOf(int node) {
        return componentOf[node];
    }

    public boolean cyclic(int component) {
        return cyclic[component];
    }

    public int memberStart(int component) {
        return memberStart[component];
    }

    public int memberEnd(int component) {
        return memberStart[component + 1];
    }

    public int member(int index) {
        return members[index];
    }

    public static Components of(DependencyGraph g) {
        int n = g.nodeCount();
        int[] index = new int[n];
        int[] low = new int[n];
        Arrays.fill(index, -1);
        boolean[] onStack = new boolean[n];
        int[] stack = new int[n];
        int sp = 0;
        int[] callNode = new int[n];
        int[] callEdge = new int[n];
        int[] tarjanComp = new int[n];
        int next = 0;
        int comps = 0;
        for (int root = 0; root < n; root++) {
            if (index[root] >= 0) {
                continue;
            }
            int depth = 0;
            callNode[0] = root;
            callEdge[0] = g.edgeStart(root);
            index[root] = low[root] = next++;
            stack[sp++] = root;
            onStack[root] = true;
            while (depth >= 0) {
                int v = callNode[depth];
                if (callEdge[depth] < g.edgeEnd(v)) {
                    int w = g.target(callEdge[depth]++);
                    if (index[w] < 0) {
                        index[w] = low[w] = next++;
                        stack[sp++] = w;
                        onStack[w] = true;
                        depth++;
                        callNode[depth] = w;
                        callEdge[depth] = g.edgeStart(w);
                    } else if (onStack[w]) {
                        low[v] = Math.min(low[v], index[w]);
                    }
                    continue;
                }
                if (low[v] == index[v]) {
                    int w;
                    do {
                        w = stack[--sp];
                        onStack[w] = false;
                        tarjanComp[w] = comps;
                    } while (w != v);
                    comps++;
                }
                depth--;
                if (depth >= 0) {
                    int parent = callNode[depth];
                    low[parent] = Math.min(low[parent], low[v]);
                }
            }
        }
        // Tarjan completes sinks first: reverse the numbering to get a topological order.
        int[] componentOf = new int[n];
        int[] sizes = new int[comps + 1];
        for (int v = 0; v < n; v++) {
            componentOf[v] = comps - 1 - tarjanComp[v];
            sizes[componentOf[v] + 1]++;
        }
        for (int c = 0; c < comps; c++) {
            sizes[c + 1] += sizes[c];
        }
        int[] memberStart = sizes.clone();
        int[] fill = Arrays.copyOf(sizes, comps);
        int[] members = new int[n];
        for (int v = 0; v < n; v++) {
            members[fill[componentOf[v]]++] = v;
        }
        boolean[] cyclic = new boolean[comps];
        for (int v = 0; v < n; v++) {
            int c = componentOf[v];
            if (memberStart[c + 1] - memberStart[c] > 1) {
                cyclic[c] = true;
            }
            for (int e = g.edgeStart(v); e < g.edgeEnd(v); e++) {
                if (g.target(e) == v) {
                    cyclic[c] = true;
                }
            }
        }
        return new Components(componentOf, memberStart, members, cyclic);
    }
}
