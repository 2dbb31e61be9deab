package io.pgvault.platform.validation;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.RECORD_COMPONENT;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.nio.charset.StandardCharsets;

/**
 * A text of at most {@link #value} bytes in UTF-8; null is valid. For names PostgreSQL keeps in
 * {@code NAMEDATALEN - 1} = 63 bytes (roles, databases), where {@code @Size} would count characters
 * and let 63 accented letters (126 bytes) through to a name the server silently truncates.
 */
@Documented
@Constraint(validatedBy = MaxBytes.Validator.class)
@Target({FIELD, METHOD, PARAMETER, RECORD_COMPONENT, TYPE_USE})
@Retention(RUNTIME)
public @interface MaxBytes {

    /** PostgreSQL's identifier limit. */
    int IDENTIFIER = 63;

    int value();

    String message() default "must be at most {value} bytes in UTF-8";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Counts the bytes of the text's UTF-8 encoding. */
    class Validator implements ConstraintValidator<MaxBytes, CharSequence> {

        private int max;

        @Override
        public void initialize(MaxBytes annotation) {
            max = annotation.value();
        }

        @Override
        public boolean isValid(CharSequence value, ConstraintValidatorContext context) {
            return value == null || value.length() <= max / 3
                    || value.toString().getBytes(StandardCharsets.UTF_8).length <= max;
        }
    }
}
