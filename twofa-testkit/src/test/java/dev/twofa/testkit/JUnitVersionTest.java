package dev.twofa.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

/**
 * Pins which JUnit runs this suite: the build runs it twice (see the pom), on the parent's JUnit 5
 * and on JUnit 6, and tells each run which major to expect. If the JUnit 6 class path swap ever
 * stops working, this fails instead of silently running JUnit 5 twice.
 */
class JUnitVersionTest {

    @Test
    void junitOnTheClassPath_isTheOneThisRunExpects() throws ClassNotFoundException {
        String expected = System.getProperty("twofa.expectedJUnitMajor");
        assumeTrue(expected != null, "run outside Maven: no JUnit version expected");
        String api = Test.class.getPackage().getImplementationVersion();
        String engine = org.junit.platform.engine.TestEngine.class.getPackage().getImplementationVersion();
        String launcher = Class.forName("org.junit.platform.launcher.Launcher").getPackage().getImplementationVersion();
        System.out.println("twofa-testkit tests run on junit-jupiter-api " + api + ", junit-platform-engine " + engine
                + ", junit-platform-launcher " + launcher);
        assertThat(api).startsWith(expected + ".");
        String platform = expected.equals("5") ? "1." : expected + ".";
        assertThat(engine).startsWith(platform);
        assertThat(launcher).startsWith(platform);
    }
}
