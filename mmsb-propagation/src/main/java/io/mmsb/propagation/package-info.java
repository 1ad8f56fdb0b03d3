/** Public API of MMSB propagation: semirings, dependency graphs and the propagator. */
package io.mmsb.propagation;
