/** The mmsb command-line tool. */
package io.mmsb.cli;
