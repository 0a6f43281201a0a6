/** Fakes for host tests (store, SMS sender, clock, authenticator app) and a store conformance kit. */
package dev.twofa.testkit;
