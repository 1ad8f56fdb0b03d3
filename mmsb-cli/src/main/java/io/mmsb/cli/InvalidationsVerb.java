package io.mmsb.cli;

import io.mmsb.delta.ColumnSlice;
import io.mmsb.delta.QueryException;
import io.mmsb.delta.StateView;
import io.mmsb.delta.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mmsb invalidations [--compilation C]}: a recorded compilation's invalidations, cause -> affected. */
@Command(name = "invalidations", description = "The invalidations a recorded compilation emitted, as a cause -> affected tree.")
final class InvalidationsVerb extends StoreVerbs.StoreVerb {
    @Option(names = "--compilation", description = "compilation id (default: the last recorded)") String compilation;
    @Option(names = "--limit", defaultValue = "50", description = "causes and dependents listed (default: ${DEFAULT-VALUE})") int limit;

    @Override
    int answer(Store s) {
        StateView v = s.latest();
        int n = v.rowCount("compilations");
        if (n == 0) {
            throw new QueryException("the store has no recorded compilation");
        }
        ColumnSlice names = v.column("compilations", "key");
        String c = compilation != null ? compilation : names.getSymbol(n - 1);
        ChangesVerb printer = new ChangesVerb();
        printer.spec = spec;
        printer.printInvalidations(v, c, limit);
        return 0;
    }
}
