/** Public API of the MMSB javac adapter. */
package io.mmsb.javac;
