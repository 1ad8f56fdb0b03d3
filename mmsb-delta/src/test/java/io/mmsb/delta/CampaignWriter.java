package io.mmsb.delta;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.arrow.memory.RootAllocator;

/**
 * The writer process of {@link KillCampaignTest}: opens (or creates) the store at {@code args[0]}
 * with durability {@code args[1]} ({@code sync} or {@code group}), prints
 * {@code "R <last epoch> <recovery outcome>"}, then commits the epochs of
 * {@link CampaignHistory} with seed {@code args[2]} until it is killed, printing
 * {@code "A <epoch>"} once an epoch is acknowledged: after {@link Store#commit} returns with
 * {@code sync}; after {@link Store#awaitDurable} returns with {@code group} (which waits after
 * about one commit in three, so acknowledgements cover several epochs). It exits by itself when
 * its standard input closes (the test is gone) or after {@code args[3]} epochs.
 */
public final class CampaignWriter {
    private CampaignWriter() {}

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        boolean group = args[1].equals("group");
        long seed = Long.parseLong(args[2]);
        long maxEpoch = Long.parseLong(args[3]);
        Thread orphanGuard = new Thread(() -> {
            try (InputStream in = System.in) {
                in.readAllBytes();
            } catch (IOException ignored) {
                // the parent is gone either way
            }
            Runtime.getRuntime().halt(0);
        }, "orphan-guard");
        orphanGuard.setDaemon(true);
        orphanGuard.start();
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        try (RootAllocator root = new RootAllocator()) {
            StoreOptions options = KillCampaignTest.options(root, group);
            try (Store store = Store.open(dir, options)) {
                out.println("R " + store.lastEpoch() + " " + store.recovery().outcome());
                out.flush();
                while (store.lastEpoch() < maxEpoch) {
                    long e = store.nextEpoch();
                    List<Model.Write> writes = CampaignHistory.writes(seed, e, store.latest().rowCount("nodes"), store.latest().rowCount("blocks"));
                    long committed = Model.commit(store, writes);
                    if (committed != e) {
                        throw new IllegalStateException("commit returned epoch " + committed + ", expected " + e);
                    }
                    if (!group) {
                        out.println("A " + e);
                        out.flush();
                    } else if (CampaignHistory.awaitsDurable(seed, e)) {
                        store.awaitDurable(e);
                        out.println("A " + e);
                        out.flush();
                    }
                }
            }
        }
        out.println("D");
        out.flush();
    }
}
