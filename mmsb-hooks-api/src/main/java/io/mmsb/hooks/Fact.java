package io.mmsb.hooks;

/**
 * A fact copied out of a compiler: an immutable record of numbers, strings and ids only. No
 * compiler object (tree, symbol, type, IR node object) is ever part of a fact.
 *
 * <p>Thread rules: every implementation is an immutable record, safe to share.
 */
public sealed interface Fact
        permits IrNode, BlockFact, CfgEdge, SymbolFact, TypeFact, ScopeFact, InvalidationFact {}
