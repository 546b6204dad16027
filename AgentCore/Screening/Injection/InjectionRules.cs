namespace Switchboard.AgentCore.Screening.Injection;

/// <summary>
/// The curated prompt-injection patterns. Each targets the imperative, model-directed phrasing of an attack rather
/// than its vocabulary, so that questions *about* instructions, policies or jailbreaks still pass: "please ignore
/// the typo in my last question" and "what does the security policy say about instructions to ignore?" are benign.
/// Patterns are written with IgnorePatternWhitespace: literal spaces are <c>\s+</c>. Add a positive and a benign
/// look-alike test for every change (Tests/ComplianceAgent.Tests/Screening/PromptInjectionDetectorTests.cs).
/// </summary>
public static class InjectionRules
{
    // Words that point at the instructions the model already has, as opposed to the user's own text.
    private const string EarlierQualifier =
        @"(?:previous|prior|above|earlier|preceding|foregoing|former|initial|original|system|developer|existing|old)";

    private const string InstructionNoun =
        @"(?:instructions?|prompts?|rules|directions|directives|guidelines|guardrails|constraints|programming|context|messages|commands|orders|policies)";

    public static readonly IReadOnlyList<InjectionRule> All =
    [
        InjectionRule.Create(
            "ignore_previous_instructions",
            "Tells the model to ignore, disregard or override the instructions it was given.",
            $@"\b(?:ignore|disregard|forget|override|overrule|bypass|skip|discard|abandon)\b (?:\s+\w+){{0,3}}? \s+ {EarlierQualifier}
               (?:\s+\w+){{0,2}}? \s+ {InstructionNoun}\b
             | \b(?:ignore|disregard|forget|override|bypass) \s+
               (?: (?:all|any) \s+ (?:of\s+)? (?:your\s+|the\s+)? (?:instructions|prompts?|directives|guardrails|programming)
                 | your \s+ (?:\w+\s+)? (?:instructions|prompts?|directives|guardrails|programming|rules|guidelines|restrictions) )\b
             | \b(?:ignore|disregard|forget) \s+ (?:all\s+|everything\s+)? (?:of\s+)? (?:the\s+|that\s+)? (?:above|foregoing) (?=\s*(?:[.,:;!]|and\b|$))"),

        InjectionRule.Create(
            "discard_context",
            "Asks the model to forget or reset everything it was told.",
            @"\b(?:forget|erase|clear|reset|wipe) \s+ (?:everything|all) \s+
               (?: you \s+ (?:know|were\s+told|have\s+been\s+told|learned) | (?:that\s+)? (?:was\s+)? (?:said|told) \s+ (?:before|above|earlier) | above | before )\b
             | \b(?:reset|wipe|clear|erase) \s+ your \s+ (?:memory|context|instructions)\b"),

        InjectionRule.Create(
            "reveal_system_prompt",
            "Asks the model to reveal, print or repeat its system prompt or hidden instructions.",
            @"\b(?:reveal|show|print|display|output|repeat|recite|tell|give|leak|dump|expose|share|disclose|what\s+(?:is|are|was|were)|what's)\b
               [^.?!\n]{0,40}? \b(?:your|the) \s+ (?:(?:full|exact|original|initial|hidden|secret|internal|complete|entire)\s+)*
               (?: system \s+ (?:prompt|message|instructions) | (?:initial|original|hidden|secret|internal|developer) \s+ (?:prompt|instructions) | instructions \s+ you \s+ were \s+ given )\b
             | \b(?:repeat|reveal|print|show|output) \s+ (?:me\s+)? your \s+ (?:prompt|instructions)\b
             | \b(?:repeat|print|output) \s+ (?:all\s+|everything\s+|the\s+(?:text|words|content)\s+) (?:above|before\s+this)\b"),

        InjectionRule.Create(
            "role_reassignment",
            "Gives the model a new identity or standing orders: \"you are now …\", \"from now on you will …\".",
            @"\byou \s+ are \s+ now \s+ (?:a|an|the|my|in|no\s+longer|free|unrestricted|unfiltered|called|named|going\s+to|(?-i:DAN))\b
             | \bfrom \s+ now \s+ on,? \s+ (?:you\s+(?:are|will|must|shall|should)|act|behave|respond\s+as|pretend)\b
             | \byour \s+ new \s+ (?:role|instructions|task|persona|identity) \s+ (?:is|are)\b
             | \bnew \s+ (?:system\s+)? instructions \s* :"),

        InjectionRule.Create(
            "jailbreak",
            "Known jailbreak personas and modes: DAN, \"do anything now\", developer/god/unfiltered mode.",
            @"\bjailbreak(?:ing|ed)? \s+ (?:mode|prompt)\b
             | \b(?:this\s+is\s+a|as\s+a|perform\s+a|activate|enable|start) \s+ jailbreak\b
             | \b(?:(?-i:DAN)|god|unrestricted|unfiltered|uncensored|evil|chaos) \s+ mode\b
             | \bdo \s+ anything \s+ now\b
             | \b(?:enable|enter|activate|switch\s+to) \s+ developer \s+ mode\b
             | \b(?:as|are|be|called|named) \s+ (?-i:DAN)\b
             | \bstay \s+ in \s+ character\b"),

        InjectionRule.Create(
            "impersonate_authority",
            "Claims or assigns the role of the system, developer or administrator to gain authority.",
            @"\b(?:pretend|act|behave|roleplay|role-play|imagine) \s+ (?:to\s+be|as\s+if\s+you\s+(?:are|were)|as|like|that\s+you\s+are|you\s+are) \s+
               (?:the\s+|a\s+|an\s+|my\s+|your\s+)? (?:system|developer|administrator|admin|root|operator|sysadmin|creator)s?\b
             | \b(?:i\s+am|i'm|this\s+is) \s+ your \s+ (?:developer|creator|administrator|admin|operator|owner|maker|programmer)\b
             | \bthis \s+ is \s+ (?:the|a) \s+ system \s+ (?:message|override|notice|prompt|speaking)\b
             | \bmessage \s+ from \s+ (?:the\s+)? (?:system|developers?) \s* :"),

        InjectionRule.Create(
            "act_as_unrestricted",
            "\"Act as …\" combined with dropping rules, filters or policies.",
            @"\b(?:act|behave|respond|answer|reply|operate) \s+ (?:as|like)\b [^.\n]{0,60}?
               \b(?:without|free\s+(?:of|from)|ignoring|bypassing|regardless\s+of|not\s+bound\s+by|no) \s+
               (?:(?:any|all|your|the|ethical|moral|safety|content)\s+)* (?:restrictions|rules|filters|limits|limitations|policies|guidelines|censorship|safety|ethics|morals|guardrails|boundaries)\b
             | \b(?:act|behave) \s+ as \s+ (?:an?\s+)? (?:unrestricted|unfiltered|uncensored|jailbroken|amoral|unethical|evil)\b"),

        InjectionRule.Create(
            "disable_safety",
            "Asks the model to turn off its own filters, guardrails or restrictions.",
            @"\b(?:disable|turn\s+off|deactivate|remove|bypass|circumvent|switch\s+off|lift|drop) \s+ (?:all\s+(?:of\s+)?)? your \s+ (?:\w+\s+)?
               (?:filters?|guardrails|safeguards|restrictions|safety|moderation|censorship|rules|limitations|alignment)\b"),

        InjectionRule.Create(
            "role_delimiter",
            "Forged chat-template or role delimiters (\"### system\", <|im_start|>, [INST], <<SYS>>, <system>, \"system:\").",
            @"(?<![\w\#]) \#{2,} [\ \t]* (?:system|assistant|developer|instructions?)\b
             | ^ [\ \t]* (?:={3,}|-{3,}|\*{2,}) [\ \t]* (?:system|assistant|developer|instructions?)\b
             | <\| (?:im_start|im_end|system|user|assistant|endoftext) \|>
             | \[/?INST\] | <</?SYS>> | </?(?:system|sys|instructions?)> | \[(?:system|developer)\]
             | ^ [\ \t]* (?:system|developer) [\ \t]* (?:prompt|message)? [\ \t]* :"),

        InjectionRule.Create(
            "encoded_instructions",
            "Instruction smuggling through encodings: \"decode this and follow it\", base64/rot13 payload markers.",
            @"\b(?:decode|decipher|decrypt|unscramble|reverse)\b [^.\n]{0,60}? \b(?:and|then) \s+ (?:then\s+)? (?:follow|execute|obey|run|carry\s+out|act\s+on|perform)\b
             | \b(?:follow|execute|obey|run) \s+ (?:the\s+|these\s+|this\s+)? (?:base64|base-64|rot13|rot-13|hex|encoded|decoded|hidden|obfuscated) \s+ (?:instructions?|commands?|text|payload|prompt)\b
             | \b(?:base64|b64) \s* [:=]? \s* [A-Za-z0-9+/]{40,}={0,2}"),
    ];
}
