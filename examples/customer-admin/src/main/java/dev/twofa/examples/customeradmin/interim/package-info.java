/**
 * What the twofa Spring Boot starter does for the example once it is merged: the service built by
 * hand, the second step of the login, the session's proofs and the confirm-again check. The whole
 * package goes when the example switches to the starter.
 */
package dev.twofa.examples.customeradmin.interim;
