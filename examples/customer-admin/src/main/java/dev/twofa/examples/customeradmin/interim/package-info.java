/**
 * What the starter's Spring Security part does for the example once it is merged: the second step
 * of the login, the session's proofs and the confirm-again check. The whole package goes when the
 * example switches to it.
 */
package dev.twofa.examples.customeradmin.interim;
