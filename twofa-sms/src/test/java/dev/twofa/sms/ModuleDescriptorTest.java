package dev.twofa.sms;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The module exports the API only, and works as a named module (texts load on the module path). */
class ModuleDescriptorTest {

    private static final Path CLASSES = Path.of("target/classes");

    @Test
    void moduleInfo_exportsApiPackageOnly() {
        assertThat(ModuleFinder.of(CLASSES).find("dev.twofa.sms").orElseThrow().descriptor().requires())
                .extracting(ModuleDescriptor.Requires::name)
                .contains("com.google.i18n.phonenumbers.libphonenumber");
        ModuleDescriptor descriptor = ModuleFinder.of(CLASSES).find("dev.twofa.sms").orElseThrow().descriptor();
        assertThat(descriptor.name()).isEqualTo("dev.twofa.sms");
        assertThat(descriptor.exports()).extracting(ModuleDescriptor.Exports::source).containsExactly("dev.twofa.sms");
        assertThat(descriptor.exports()).allSatisfy(e -> assertThat(e.isQualified()).isFalse());
        assertThat(descriptor.packages()).contains("dev.twofa.sms.internal");
        assertThat(descriptor.opens()).isEmpty();
    }

    @Test
    void namedModule_issue_loadsCzechTextFromModule() throws Exception {
        List<Path> path = new ArrayList<>();
        path.add(CLASSES);
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (entry.contains("twofa-core") || entry.contains("slf4j-api") || entry.contains("libphonenumber")) {
                path.add(Path.of(entry));
            }
        }
        ModuleFinder finder = ModuleFinder.of(path.toArray(Path[]::new));
        Configuration cf = ModuleLayer.boot().configuration().resolve(finder, ModuleFinder.of(), Set.of("dev.twofa.sms"));
        ModuleLayer layer = ModuleLayer.boot().defineModulesWithOneLoader(cf, ClassLoader.getPlatformClassLoader());
        ClassLoader loader = layer.findLoader("dev.twofa.sms");
        assertThat(layer.findModule("dev.twofa.sms")).get().matches(Module::isNamed);

        Class<?> senderType = loader.loadClass("dev.twofa.sms.SmsSender");
        Class<?> codesType = loader.loadClass("dev.twofa.sms.SmsCodes");
        Class<?> messageType = loader.loadClass("dev.twofa.sms.SmsMessage");
        assertThat(codesType.getModule().getName()).isEqualTo("dev.twofa.sms");
        AtomicReference<String> text = new AtomicReference<>();
        Object sender = Proxy.newProxyInstance(loader, new Class<?>[] {senderType}, (proxy, method, args) -> {
            if (method.getName().equals("send")) {
                text.set((String) messageType.getMethod("text").invoke(args[0]));
                return null;
            }
            return method.invoke(this, args);
        });
        Object builder = codesType.getMethod("builder", senderType).invoke(null, sender);
        builder.getClass().getMethod("issuer", String.class).invoke(builder, "Example Hosting");
        Object codes = builder.getClass().getMethod("build").invoke(builder);

        Class<?> accountType = loader.loadClass("dev.twofa.core.AccountId");
        Class<?> phoneType = loader.loadClass("dev.twofa.core.PhoneNumber");
        @SuppressWarnings({"unchecked", "rawtypes"})
        Object login = Enum.valueOf((Class) loader.loadClass("dev.twofa.core.SmsPurpose"), "LOGIN");
        Class<?> requestType = loader.loadClass("dev.twofa.core.spi.SmsCodeChannel$Request");
        Constructor<?> newRequest = requestType.getConstructors()[0];
        Object request = newRequest.newInstance(accountType.getMethod("of", String.class).invoke(null, "a"),
                phoneType.getMethod("parse", String.class).invoke(null, "+420601123456"), login,
                Locale.forLanguageTag("cs"), Instant.parse("2026-03-01T10:00:00Z"), null);
        Method issue = codesType.getMethod("issue", requestType);
        Object result = issue.invoke(codes, request);

        assertThat(result.getClass().getName()).endsWith("Issue$Sent");
        assertThat(text.get()).startsWith("Example Hosting: ").contains("přihlašovací kód");
        assertThat(layer.modules().stream().map(Module::getName).collect(Collectors.toSet()))
                .contains("dev.twofa.sms", "dev.twofa.core", "org.slf4j", "com.google.i18n.phonenumbers.libphonenumber");

        // libphonenumber loads its metadata from its own (automatic) module.
        Class<?> numbersType = loader.loadClass("dev.twofa.sms.PhoneNumbers");
        Object numbersBuilder = numbersType.getMethod("builder").invoke(null);
        numbersBuilder.getClass().getMethod("defaultRegion", String.class).invoke(numbersBuilder, "CZ");
        Object numbers = numbersBuilder.getClass().getMethod("build").invoke(numbersBuilder);
        Object parsed = numbersType.getMethod("parse", String.class).invoke(numbers, "601 123 456");
        assertThat(phoneType.getMethod("e164").invoke(parsed)).isEqualTo("+420601123456");
    }
}
