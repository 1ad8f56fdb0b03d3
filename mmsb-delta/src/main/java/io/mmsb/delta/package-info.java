/** Public API of MMSB deltas: Delta, Store, transaction log and queries. */
package io.mmsb.delta;
