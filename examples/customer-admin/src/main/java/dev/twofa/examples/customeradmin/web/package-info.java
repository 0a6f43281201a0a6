/**
 * The example's pages: Profile &gt; Security with the seed's steps and buttons, the second-step
 * page the starter's {@code TwoFactorConfigurer} fills, the Outbox, the support desk, and the plain
 * language and local times they show.
 */
package dev.twofa.examples.customeradmin.web;
