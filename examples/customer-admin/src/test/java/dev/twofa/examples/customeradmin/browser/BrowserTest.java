package dev.twofa.examples.customeradmin.browser;

import dev.twofa.testkit.SettableClock;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

/**
 * The application on a random port with a fresh H2 file database and fresh keys per test run
 * (its own data directory), the demo users the browser tests log in as, and a settable clock that
 * twofa, the outbox and the tests share (so a test moves time instead of sleeping).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "customer-admin.data-dir=target/customer-admin-test/${random.uuid}",
    "customer-admin.demo-users=desk,phone,posts,pages,reset,bob"})
@Import(BrowserTest.Clock.class)
@interface BrowserTest {

    /** The clock of the test: starts now, moves only when a test moves it. */
    @TestConfiguration(proxyBeanMethods = false)
    class Clock {
        @Bean
        @Primary
        SettableClock settableClock() {
            return new SettableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        }
    }
}
