package dev.mxcp.host.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Undeclared variables found by reading a template, as jinja2.meta.find_undeclared_variables finds them. */
class TemplateVariablesTest {

    @Test
    void namesInEveryBranchAndTagCount() {
        assertThat(TemplateVariables.undeclared("""
                {% if user_type == 'admin' %}Hi {{ username }}{% elif level > 2 %}x{% else %}{{ other | upper }}{% endif %}
                {% for item in items if item.ok %}{{ item.name }} {{ loop.index }}{% endfor %}
                """)).containsExactly("items", "level", "other", "user_type", "username");
    }

    @Test
    void namesTheTemplateBindsAndNonVariablesDoNotCount() {
        assertThat(TemplateVariables.undeclared("""
                {% set greeting = 'Hello ' ~ name %}{% set a, b = pair %}{{ greeting }} {{ a }}{{ b }}
                {% macro row(cell, sep=default_sep) %}{{ cell }}{{ sep }}{% endmacro %}{{ row(value) }}
                {{ 'a string with {{ fake }}' }} {{ x.attr.more }} {{ n is defined }} {{ n is not none }}
                {{ range(3) | join(', ') }} {{ dict(key=1) }} {# {{ commented }} #}
                {% raw %}{{ literal }}{% endraw %}{%- if flag -%}{{- spaced -}}{%- endif -%}
                {% for k, v in mapping.items() %}{{ k }}={{ v }}{% endfor %}
                """)).containsExactly("default_sep", "flag", "mapping", "n", "name", "pair", "spaced", "value", "x");
    }
}
