package dev.twofa.spring.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twofa.core.AccountId;
import dev.twofa.core.Changed;
import dev.twofa.core.Proof;
import dev.twofa.testkit.TwoFactorTestKit;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Collections;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.core.context.SecurityContextImpl;

class TwoFactorProofsTest {

    private static final Proof PROOF = Proof.of("A".repeat(Proof.VALUE_LENGTH));

    private final SecurityContextHolderStrategy holder = SecurityContextHolder.getContextHolderStrategy();
    private final TwoFactorProofs proofs = new TwoFactorProofs(TwoFactorAccounts.byName(), holder);

    @AfterEach
    void logOut() {
        holder.clearContext();
    }

    @Test
    void current_afterStore_theProofOfThisAccount() {
        MockHttpServletRequest request = new MockHttpServletRequest();
        logIn("ann");

        proofs.store(request, PROOF);

        assertThat(proofs.current(request)).contains(PROOF);
    }

    @Test
    void current_anotherUserInTheSession_empty() {
        MockHttpServletRequest request = new MockHttpServletRequest();
        logIn("ann");
        proofs.store(request, PROOF);

        logIn("bob");

        assertThat(proofs.current(request)).isEmpty();
    }

    @Test
    void current_noSessionOrNoUser_empty() {
        MockHttpServletRequest request = new MockHttpServletRequest();
        assertThat(proofs.current(request)).isEmpty();
        logIn("ann");
        proofs.store(request, PROOF);
        holder.clearContext();

        assertThat(proofs.current(request)).isEmpty();
    }

    @Test
    void store_noUser_refusedAndNothingKept() {
        MockHttpServletRequest request = new MockHttpServletRequest();

        assertThatThrownBy(() -> proofs.store(request, PROOF)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no user is logged in");
        assertThat(request.getSession(false)).isNull();
    }

    @Test
    void methodTurnedOn_noUser_refusedAndNothingKept() {
        TwoFactorTestKit kit = TwoFactorTestKit.create();
        AccountId account = AccountId.of("ann");
        kit.service().addNumber(account, "+420 603 123 456");
        kit.service().sendVerificationCode(account);
        kit.service().verifyNumber(account, kit.sms().lastCodeTo("+420 603 123 456"));
        Changed turnedOn = (Changed) kit.service().enableSms(account);
        MockHttpServletRequest request = new MockHttpServletRequest();

        assertThatThrownBy(() -> proofs.methodTurnedOn(request, turnedOn)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no user is logged in");
        assertThat(request.getSession(false)).isNull();
    }

    @Test
    void clear_storedProof_gone() {
        MockHttpServletRequest request = new MockHttpServletRequest();
        logIn("ann");
        proofs.store(request, PROOF);

        proofs.clear(request);

        assertThat(proofs.current(request)).isEmpty();
    }

    @Test
    void sessionAttributes_serializedAndRead_proofStillThereAndNotInToString() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest();
        logIn("ann");
        proofs.store(request, PROOF);
        MockHttpSession session = (MockHttpSession) request.getSession();

        MockHttpSession restored = new MockHttpSession();
        for (String name : Collections.list(session.getAttributeNames())) {
            Object value = roundTrip(session.getAttribute(name));
            assertThat(String.valueOf(value)).doesNotContain(PROOF.value());
            restored.setAttribute(name, value);
        }
        MockHttpServletRequest later = new MockHttpServletRequest();
        later.setSession(restored);

        assertThat(proofs.current(later)).contains(PROOF);
    }

    @Test
    void secondStepView_serialized_equalAfterwards() throws Exception {
        SecondStepView view = new SecondStepView(SecondStepView.Mode.CONFIRM, dev.twofa.core.Method.SMS,
                "+420 *** *** 456", "Enter it.", "Wrong.", 3, true, true, true, false, "/login/second-step");

        assertThat(roundTrip(view)).isEqualTo(view);
    }

    private void logIn(String name) {
        holder.setContext(new SecurityContextImpl(new TestingAuthenticationToken(name, "pw", "ROLE_USER")));
    }

    private static Object roundTrip(Object value) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return in.readObject();
        }
    }
}
