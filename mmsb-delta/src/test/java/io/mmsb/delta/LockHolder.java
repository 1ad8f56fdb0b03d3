package io.mmsb.delta;

import java.nio.file.Path;
import org.apache.arrow.memory.RootAllocator;

/**
 * A second process for {@link StoreOpenFailureTest}: opens the store at {@code args[0]} read-only
 * ({@code args[1]} = "read") or for writing, prints "open" (or the error's class), and holds it
 * until its standard input closes.
 */
public final class LockHolder {
    private LockHolder() {}

    public static void main(String[] args) throws Exception {
        try (RootAllocator root = new RootAllocator();
             Store s = Store.open(Path.of(args[0]), StoreOptions.existing(root).withReadOnly(args[1].equals("read")))) {
            System.out.println("open " + s.lastEpoch());
            System.out.flush();
            System.in.readAllBytes();
        } catch (RuntimeException e) {
            System.out.println(e.getClass().getSimpleName());
        }
    }
}
