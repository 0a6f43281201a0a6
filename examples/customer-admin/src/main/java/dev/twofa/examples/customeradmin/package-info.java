/** The Customer Administration example: Profile &gt; Security on Spring Boot, Spring Security and twofa. */
package dev.twofa.examples.customeradmin;
