/** Public API of the MMSB core: schema, column types, epochs and immutable pages. */
package io.mmsb.core;
