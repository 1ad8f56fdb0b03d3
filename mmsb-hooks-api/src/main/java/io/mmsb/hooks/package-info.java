/**
 * Public API of MMSB hooks: what a compiler calls; nothing is ever handed back.
 *
 * <p>Entry point: {@link io.mmsb.hooks.Hooks}. Facts are immutable records of numbers, strings
 * and ids ({@link io.mmsb.hooks.Fact}); they reach a {@link io.mmsb.hooks.FactSink} in a
 * canonical order. See {@code docs/EXTRACTION-CONTRACT.md}.
 */
package io.mmsb.hooks;
