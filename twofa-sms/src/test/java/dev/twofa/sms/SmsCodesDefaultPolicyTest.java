package dev.twofa.sms;

import static dev.twofa.sms.Fixtures.ACCOUNT;
import static dev.twofa.sms.Fixtures.T0;
import static dev.twofa.sms.Fixtures.builder;
import static dev.twofa.sms.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.twofa.core.PhoneNumber;
import dev.twofa.core.SmsNotSent.Reason;
import dev.twofa.core.SmsPurpose;
import dev.twofa.core.spi.SmsCodeChannel.Issue;
import dev.twofa.sms.Fixtures.RecordingSender;
import dev.twofa.sms.SmsCodesIssueTest.RecordingLimiter;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** SECURITY.md 15b: with no phoneNumbers(...) set, codes go only to mobile numbers of real countries. */
class SmsCodesDefaultPolicyTest {

    private static final Issue.Refused NOT_ALLOWED = new Issue.Refused(Reason.DESTINATION_NOT_ALLOWED, Instant.MAX);

    private final RecordingSender sender = new RecordingSender();
    private final RecordingLimiter limiter = new RecordingLimiter(100);
    private final SmsCodes byDefault = builder(sender).hashKey(SmsCodesIssueTest.KEY).sendLimiter(limiter).build();

    @ParameterizedTest
    @ValueSource(strings = {"+44 909 879 0879", "+44 871 984 6000", "+420 900 123 456",   // premium rate
        "+420 212 345 678", "+44 20 7946 0018",                                           // fixed lines
        "+420 910 123 456", "+800 1234 5678",                                             // VoIP, freephone
        "+44 7700 900123", "+4407400123456"})                                             // in no numbering plan
    void issue_defaultPolicyRefusesNumber_noCodeForAnyPurposeAndNothingReserved(String stored) {
        PhoneNumber to = PhoneNumber.parse(stored);   // stored by twofa-core's own E.164 reader

        for (SmsPurpose purpose : SmsPurpose.values()) {
            assertThat(byDefault.issue(request(ACCOUNT, to, purpose, T0, null))).as("%s", purpose).isEqualTo(NOT_ALLOWED);
        }
        assertThat(sender.messages).isEmpty();
        assertThat(limiter.keys).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"+881 6 3245 6789", "+870 773 111 632"})
    void issue_satelliteMobileOfNoCountry_refusedByDefaultSentWithAllowNonGeographic(String stored) {
        PhoneNumber to = PhoneNumber.parse(stored);
        SmsCodes satellite = builder(sender).phoneNumbers(PhoneNumbers.builder().allowNonGeographic().build()).build();

        assertThat(byDefault.issue(request(ACCOUNT, to, SmsPurpose.LOGIN, T0, null))).isEqualTo(NOT_ALLOWED);
        assertThat(sender.messages).isEmpty();

        assertThat(satellite.issue(request(ACCOUNT, to, SmsPurpose.LOGIN, T0, null))).isInstanceOf(Issue.Sent.class);
        assertThat(sender.last().destination()).isEqualTo(to);
    }

    @ParameterizedTest
    @ValueSource(strings = {"+420 601 123 456", "+420 777 000 111", "+44 7400 123456", "+49 1512 3456789",
        "+1 201 555 0123"})
    void issue_mobileNumberOfRealCountry_sentByDefault(String stored) {
        PhoneNumber to = PhoneNumber.parse(stored);

        assertThat(byDefault.issue(request(ACCOUNT, to, SmsPurpose.VERIFY_NUMBER, T0, null)))
                .isInstanceOf(Issue.Sent.class);
        assertThat(sender.last().destination()).isEqualTo(to);
    }

    @Test
    void issue_explicitOptOutOfPolicy_sendsToAnyWellFormedNumber() {
        SmsCodes anyNumber = builder(sender).phoneNumbers(typed -> PhoneNumber.parse(typed)).build();

        assertThat(anyNumber.issue(request(ACCOUNT, PhoneNumber.parse("+44 909 879 0879"), SmsPurpose.LOGIN, T0, null)))
                .isInstanceOf(Issue.Sent.class);
        assertThat(byDefault.issue(request(ACCOUNT, PhoneNumber.parse("+44 909 879 0879"), SmsPurpose.LOGIN, T0, null)))
                .isEqualTo(NOT_ALLOWED);
        assertThat(sender.messages).hasSize(1);
    }
}
