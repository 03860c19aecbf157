//! Shared by the integration tests: a team rule file written the way users write them.

/// A user rule in category `culture`, with one test that fires and one that must not.
pub const TEAM_RULE: &str = r#"name = "code-monkey"
level = "warning"
message = "say \"engineer\", not \"{match}\""
[check]
kind = "pattern"
words = ["code monkey"]
[docs]
what = "Flags code monkey."
why = "It demeans the job."
example = "We need a code monkey."
instead = "We need an engineer."
[[tests]]
text = "We need a code monkey."
expect = ["code monkey"]
[[tests]]
text = "We need an engineer."
expect = []
"#;
