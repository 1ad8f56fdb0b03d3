package io.mmsb.recorder;

import io.mmsb.delta.ColumnSlice;
import io.mmsb.delta.StateView;
import io.mmsb.delta.Store;
import io.mmsb.hooks.Fact;
import io.mmsb.hooks.IrNode;
import io.mmsb.hooks.NodeId;
import io.mmsb.hooks.Stage;
import io.mmsb.hooks.SymbolFact;
import io.mmsb.hooks.TypeFact;
import java.util.ArrayList;
import java.util.List;

/**
 * The API of the last compilation recorded in a store, rebuilt from its facts (attributed nodes
 * still present, symbols, types): what a new process compares a compilation with, so that
 * invalidations work across builds and not only within one JVM. Stateless.
 */
final class StoredApi {
    private StoredApi() {}

    /** The API as of the store's latest epoch, or null for an empty store. */
    static ApiDiff.Api of(Store store) {
        return of(store.latest());
    }

    /** The API as of a view, or null when it has no nodes. */
    static ApiDiff.Api of(StateView v) {
        int nodes = v.rowCount("nodes");
        if (nodes == 0) {
            return null;
        }
        List<Fact> facts = typesAndSymbols(v);
        StoredNodes ids = StoredNodes.of(v);
        ColumnSlice stage = v.column("nodes", "stage");
        ColumnSlice present = v.column("nodes", "present");
        ColumnSlice kind = v.column("nodes", "kind");
        ColumnSlice symbol = v.column("nodes", "symbol");
        ColumnSlice type = v.column("nodes", "type");
        ColumnSlice detail = v.column("nodes", "detail");
        String attribution = Stage.ATTRIBUTION.name();
        for (int r = 0; r < nodes; r++) {
            if (!present.getBool(r) || !stage.getSymbol(r).equals(attribution)) {
                continue;
            }
            NodeId id = ids.id(r);
            facts.add(new IrNode(id, Stage.ATTRIBUTION, kind.getSymbol(r), null, List.of(), detail.getSymbol(r), type.getSymbol(r), symbol.getSymbol(r), "", null));
        }
        return ApiDiff.api(facts);
    }

    /** The type facts, then the symbol facts, of every row of the view's types and symbols tables. */
    static List<Fact> typesAndSymbols(StateView v) {
        List<Fact> facts = new ArrayList<>();
        ColumnSlice tk = v.column("types", "key");
        ColumnSlice td = v.column("types", "descriptor");
        for (int r = 0; r < v.rowCount("types"); r++) {
            facts.add(new TypeFact(tk.getSymbol(r), td.getSymbol(r)));
        }
        ColumnSlice sk = v.column("symbols", "key");
        ColumnSlice sn = v.column("symbols", "name");
        ColumnSlice sd = v.column("symbols", "kind");
        ColumnSlice so = v.column("symbols", "owner");
        ColumnSlice st = v.column("symbols", "type");
        ColumnSlice sm = v.column("symbols", "modifiers");
        for (int r = 0; r < v.rowCount("symbols"); r++) {
            facts.add(new SymbolFact(sk.getSymbol(r), sn.getSymbol(r), sd.getSymbol(r), so.getSymbol(r), st.getSymbol(r), sm.getSymbol(r)));
        }
        return facts;
    }
}
