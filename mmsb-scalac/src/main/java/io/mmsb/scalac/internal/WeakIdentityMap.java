package io.mmsb.scalac.internal;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.HashMap;
import java.util.Map;

/**
 * A map from objects, compared by identity and held weakly, to values: an entry lives while its
 * key is reachable from elsewhere (scalac's types, kept alive by the trees that carry them) and
 * is dropped once the key is collected.
 *
 * <p>Thread rules: confined to one thread (scalac's compiling thread). Ownership: never keeps a
 * key alive; holds its values until their key is collected or {@link #clear}.
 */
final class WeakIdentityMap<K, V> {
    private final Map<Object, V> map = new HashMap<>();
    private final ReferenceQueue<K> collected = new ReferenceQueue<>();

    /** The key held weakly, with its identity hash fixed at creation. */
    private static final class Ref<K> extends WeakReference<K> {
        final int hash;

        Ref(K key, ReferenceQueue<K> queue) {
            super(key, queue);
            this.hash = System.identityHashCode(key);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            if (o == this) return true;
            Object mine = get();
            if (mine == null) return false;
            if (o instanceof Ref<?> r) return r.get() == mine;
            return o instanceof Probe p && p.key == mine;
        }
    }

    /** A strong look-up key: equal to the {@link Ref} of the same object. */
    private record Probe(Object key) {
        @Override
        public int hashCode() {
            return System.identityHashCode(key);
        }

        @Override
        public boolean equals(Object o) {
            if (o instanceof Probe p) return p.key == key;
            return o instanceof Ref<?> r && r.get() == key;
        }
    }

    V get(K key) {
        return map.get(new Probe(key));
    }

    void put(K key, V value) {
        purge();
        map.put(new Ref<>(key, collected), value);
    }

    int size() {
        return map.size();
    }

    void clear() {
        map.clear();
        while (collected.poll() != null) {
            // drained: those references are no longer in the map
        }
    }

    private void purge() {
        for (Object r; (r = collected.poll()) != null; ) {
            map.remove(r);
        }
    }
}
