# Stand-in for firewalld's rich-rule parser (FirewalldClientProgramTest): a rule must start with
# "rule"; "limit value=\"1/d\"" is refused as firewalld 1.3.3 refuses it.
class Rich_Rule:
    def __init__(self, rule_str):
        if not rule_str.startswith("rule"):
            raise ValueError("INVALID_RULE: " + rule_str)
        if 'limit value="1/d"' in rule_str:
            raise ValueError("INVALID_LIMIT: 1/d too slow")
        self.rule = rule_str

    def __str__(self):
        return self.rule
