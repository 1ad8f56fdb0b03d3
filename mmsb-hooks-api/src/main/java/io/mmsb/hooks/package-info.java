/** Public API of MMSB hooks: what a compiler calls; nothing is ever handed back. */
package io.mmsb.hooks;
