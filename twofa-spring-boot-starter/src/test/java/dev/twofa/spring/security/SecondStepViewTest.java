package dev.twofa.spring.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twofa.core.Method;
import org.junit.jupiter.api.Test;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.expression.spel.support.StandardEvaluationContext;

class SecondStepViewTest {

    private final SecondStepView view = new SecondStepView(SecondStepView.Mode.LOGIN, Method.SMS, "+420 *** *** 456",
            "Enter it.", "Wrong.", 4, true, true, true, true, "/login/second-step");

    @Test
    void properties_readByTheExpressionsOfAThymeleafPage() {
        SpelExpressionParser parser = new SpelExpressionParser();
        StandardEvaluationContext context = new StandardEvaluationContext();
        context.setVariable("v", view);

        assertThat(parser.parseExpression("#v.mode.name()").getValue(context)).isEqualTo("LOGIN");
        assertThat(parser.parseExpression("#v.maskedNumber").getValue(context)).isEqualTo("+420 *** *** 456");
        assertThat(parser.parseExpression("#v.attemptsLeft").getValue(context)).isEqualTo(4);
        assertThat(parser.parseExpression("#v.codeForm").getValue(context)).isEqualTo(true);
    }

    @Test
    void constructor_missingModeInstructionOrPostUrl_refused() {
        assertThatThrownBy(() -> new SecondStepView(null, Method.SMS, null, "x", null, null, true, true, true, true, "/p"))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("mode");
        assertThatThrownBy(() -> new SecondStepView(SecondStepView.Mode.LOGIN, null, null, null, null, null, true, true,
                true, true, "/p")).isInstanceOf(NullPointerException.class).hasMessageContaining("instruction");
        assertThatThrownBy(() -> new SecondStepView(SecondStepView.Mode.LOGIN, null, null, "x", null, null, true, true,
                true, true, null)).isInstanceOf(NullPointerException.class).hasMessageContaining("postUrl");
    }

    @Test
    void locked_noFormsAndNoMessage() {
        SecondStepView locked = view.locked("Blocked.");

        assertThat(locked.instruction()).isEqualTo("Blocked.");
        assertThat(locked.message()).isNull();
        assertThat(locked.codeForm() || locked.recoveryCodeOffered() || locked.resendOffered()
                || locked.rememberDeviceOffered()).isFalse();
    }
}
