/** Runnable host integrations of twofa: a terminal demo, a JDBC store and a web Security page. */
package dev.twofa.examples;
