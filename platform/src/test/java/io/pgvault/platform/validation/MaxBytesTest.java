package io.pgvault.platform.validation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MaxBytesTest {

    private final MaxBytes.Validator identifier = validator(MaxBytes.IDENTIFIER);

    @Test
    void countsUtf8BytesNotCharacters() {
        assertThat(identifier.isValid("a".repeat(63), null)).isTrue();
        assertThat(identifier.isValid("a".repeat(64), null)).isFalse();
        assertThat(identifier.isValid("é".repeat(31) + "a", null)).isTrue(); // 63 bytes
        assertThat(identifier.isValid("é".repeat(32), null)).isFalse(); // 32 characters, 64 bytes
        assertThat(identifier.isValid("😀".repeat(16), null)).isFalse(); // 64 bytes
        assertThat(identifier.isValid(null, null)).isTrue();
    }

    private static MaxBytes.Validator validator(int max) {
        MaxBytes.Validator validator = new MaxBytes.Validator();
        validator.initialize(new MaxBytes() {
            @Override
            public int value() {
                return max;
            }

            @Override
            public String message() {
                return "";
            }

            @Override
            public Class<?>[] groups() {
                return new Class<?>[0];
            }

            @SuppressWarnings("unchecked")
            @Override
            public Class<? extends jakarta.validation.Payload>[] payload() {
                return new Class[0];
            }

            @Override
            public Class<? extends java.lang.annotation.Annotation> annotationType() {
                return MaxBytes.class;
            }
        });
        return validator;
    }
}
