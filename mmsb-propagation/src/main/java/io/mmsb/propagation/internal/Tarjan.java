package io.mmsb.propagation.internal;

import io.mmsb.propagation.DependencyGraph;
import java.util.Arrays;

/**
 * Iterative Tarjan strongly-connected-components over the part of a graph reachable from given
 * roots (no recursion: safe on millions of nodes). Components come out in reverse topological
 * order (a component is emitted after every component it reaches). Scratch arrays are reused
 * between runs and reset by an epoch stamp, so a run costs O(reached nodes + their edges), not
 * O(graph).
 *
 * <p>Thread rules: not thread-safe (one run at a time). Ownership: holds heap scratch only; the
 * graph is borrowed.
 */
public final class Tarjan {
    private final DependencyGraph graph;
    private final int[] stamp;
    private final int[] index;
    private final int[] low;
    private final int[] component;
    private final int[] sccStack;
    private final int[] callNode;
    private final int[] callEdge;
    /** Members of all components of the last run, component by component. */
    private final int[] members;
    /** componentStart[c] .. componentStart[c + 1] are the members of component c. */
    private int[] componentStart;
    private int epoch;
    private int componentCount;
    private int reached;

    public Tarjan(DependencyGraph graph) {
        this.graph = graph;
        int n = graph.nodeCount();
        stamp = new int[n];
        index = new int[n];
        low = new int[n];
        component = new int[n];
        sccStack = new int[n];
        callNode = new int[n];
        callEdge = new int[n];
        members = new int[n];
        componentStart = new int[16];
    }

    /** Computes the components reachable from {@code roots} (in root order). */
    public void run(int[] roots) {
        if (++epoch == Integer.MAX_VALUE) {
            Arrays.fill(stamp, 0);
            epoch = 1;
        }
        componentCount = 0;
        reached = 0;
        int counter = 0;
        int sp = 0;
        for (int root : roots) {
            if (stamp[root] == epoch) {
                continue;
            }
            int top = 0;
            stamp[root] = epoch;
            index[root] = low[root] = counter++;
            component[root] = -1;
            sccStack[sp++] = root;
            callNode[0] = root;
            callEdge[0] = graph.firstEdge(root);
            while (top >= 0) {
                int v = callNode[top];
                int e = callEdge[top];
                if (e < graph.firstEdge(v + 1)) {
                    callEdge[top] = e + 1;
                    int w = graph.target(e);
                    if (stamp[w] != epoch) {
                        stamp[w] = epoch;
                        index[w] = low[w] = counter++;
                        component[w] = -1;
                        sccStack[sp++] = w;
                        top++;
                        callNode[top] = w;
                        callEdge[top] = graph.firstEdge(w);
                    } else if (component[w] == -1 && index[w] < low[v]) {
                        low[v] = index[w];
                    }
                } else {
                    top--;
                    if (top >= 0) {
                        int u = callNode[top];
                        if (low[v] < low[u]) {
                            low[u] = low[v];
                        }
                    }
                    if (low[v] == index[v]) {
                        if (componentCount + 1 >= componentStart.length) {
                            componentStart = Arrays.copyOf(componentStart, componentStart.length * 2);
                        }
                        componentStart[componentCount] = reached;
                        int x;
                        do {
                            x = sccStack[--sp];
                            component[x] = componentCount;
                            members[reached++] = x;
                        } while (x != v);
                        componentCount++;
                        componentStart[componentCount] = reached;
                    }
                }
            }
        }
    }

    /** Number of components found by the last run. */
    public int componentCount() {
        return componentCount;
    }

    /** Component of {@code node} in the last run (only for reached nodes). */
    public int componentOf(int node) {
        return component[node];
    }

    /** Whether {@code node} was reached by the last run. */
    public boolean reached(int node) {
        return stamp[node] == epoch;
    }

    public int componentStart(int c) {
        return componentStart[c];
    }

    public int componentEnd(int c) {
        return componentStart[c + 1];
    }

    public int member(int i) {
        return members[i];
    }
}
