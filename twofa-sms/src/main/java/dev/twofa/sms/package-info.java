/** SMS codes: issuance, checking, send limits and texts; the {@code SmsSender} SPI hosts implement. */
package dev.twofa.sms;
