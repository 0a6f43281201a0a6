package dev.twofa.testkit;

import dev.twofa.sms.InMemorySendLimiter;
import dev.twofa.sms.SendLimiter;

/** twofa-sms's in-memory limiter, the default of one node, passes the limiter conformance kit. */
class InMemorySendLimiterConformanceTest extends SendLimiterConformance {

    @Override
    protected SendLimiter newLimiter() {
        return new InMemorySendLimiter();
    }
}
