/**
 * Implementation details of twofa-sms: code generation, code hashing and texts. Not exported from
 * the module and not an API: anything here may change in any release.
 */
package dev.twofa.sms.internal;
