package org.ftlab.experiment;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The help text of one component of an experiment's options record; the command-line option,
 * the notebook helper's option and the magic's option are derived from the component (name in
 * kebab case: {@code trainSize} becomes {@code --train-size}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Help {
  /** One line: what the option sets, with the paper's symbol where there is one. */
  String value();

  /** For numbers: the value must be greater than 0. */
  boolean positive() default false;

  /** For strings: the accepted values (empty: any text). */
  String[] accepted() default {};

  /** The option's name when it should not be the kebab-case component name. */
  String name() default "";
}
