/**
 * twofa-core: the per-account two-factor state machine, the {@link dev.twofa.core.TwoFactorService}
 * facade a host calls, and the SPIs a host and the method modules implement.
 */
module dev.twofa.core {
    requires org.slf4j;

    exports dev.twofa.core;
    exports dev.twofa.core.spi;
}
