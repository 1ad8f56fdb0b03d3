/**
 * The transaction log (TLog): append-only, checksummed, 64-byte-aligned records in segment files,
 * with configurable durability and crash recovery. Internal to mmsb-delta (not exported); the
 * Store is its only user. Entry point: {@link io.mmsb.delta.internal.log.TLog}. Format and
 * protocols: docs/FORMAT.md.
 */
package io.mmsb.delta.internal.log;
