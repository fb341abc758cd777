/// The review report's templates (Mustache). The HTML page is self-contained: inline CSS and
/// SVG, no scripts, no fonts or images from the network.
enum ReportTemplates {
  /// The pages' CSS (review report and tracking report): system fonts with Chinese fallbacks,
  /// plain tables, right-aligned numbers.
  static let style = """
    body { font-family: "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", "WenQuanYi Micro Hei", sans-serif; margin: 24px auto; max-width: 980px; color: #222; line-height: 1.45; }
    h1 { font-size: 24px; border-bottom: 3px solid #c0392b; padding-bottom: 6px; }
    h2 { font-size: 19px; margin-top: 32px; color: #c0392b; }
    h3 { font-size: 15px; margin: 18px 0 4px; }
    table { border-collapse: collapse; width: 100%; font-size: 13px; margin: 8px 0 16px; }
    th, td { border: 1px solid #d0d0d0; padding: 4px 8px; text-align: left; }
    th { background: #f4f4f4; }
    td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
    .verdict { padding: 8px 12px; background: #eef7ee; border-left: 4px solid #27ae60; }
    .verdict.broken { background: #fdecea; border-left-color: #c0392b; font-weight: bold; }
    svg.chart { max-width: 100%; height: auto; font-family: inherit; }
    .muted { color: #777; font-size: 12px; }
    .note { padding: 6px 12px; background: #fff8e1; border-left: 4px solid #d68910; }
    .explain { color: #555; font-size: 13px; }
    td.name, th.name { white-space: nowrap; }
    td.code { white-space: nowrap; }
    @media print { h2 { page-break-before: auto; } }
    """

  static let html = """
    <!DOCTYPE html>
    <html lang="{{lang}}">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>{{title}}</title>
    <style>
    \(style)
    </style>
    </head>
    <body>
    <h1>{{title}}</h1>
    <p class="muted">{{scenario}}</p>
    {{#dataNote}}<p class="note" id="data-note">{{dataNote}}</p>
    {{/dataNote}}
    <h2>{{labels.summary}}</h2>
    <p class="{{verdictClass}}">{{total}}{{verdict}}</p>
    <table id="summary">
    <tr><th class="name">{{labels.category}}</th><th class="n">{{labels.quota}}</th>{{#hasEnvelope}}<th class="n">{{labels.envelope}}</th>{{/hasEnvelope}}<th class="n">{{labels.lastYear}}</th><th class="n">{{labels.change}}</th><th class="n">{{labels.units}}</th><th class="n">{{labels.withQuota}}</th><th>{{labels.goals}}</th><th class="n">{{labels.level}}</th><th>{{labels.caps}}</th></tr>
    {{#categories}}<tr><td class="name">{{name}}</td><td class="n">{{total}}</td>{{#hasEnvelope}}<td class="n">{{envelope}}</td>{{/hasEnvelope}}<td class="n">{{lastYear}}</td><td class="n">{{change}}</td><td class="n">{{units}}</td><td class="n">{{withQuota}}</td><td>{{goals}}</td><td class="n">{{level}}</td><td>{{caps}}</td></tr>
    {{/categories}}
    </table>
    <h2>{{labels.attachment}}</h2>
    <p class="note">{{labels.attachmentNote}}</p>
    <table id="attachment">
    <tr><th>{{labels.district}}</th><th>{{labels.category}}</th><th class="n">{{labels.quota}}</th><th class="n">{{labels.firstNumber}}</th><th class="n">{{labels.lastNumber}}</th></tr>
    {{#allocation}}<tr><td>{{district}}</td><td>{{category}}</td><td class="n">{{quota}}</td><td class="n">{{first}}</td><td class="n">{{last}}</td></tr>
    {{/allocation}}
    </table>
    <h2>{{labels.ratios}}</h2>
    {{#ratioCharts}}<h3>{{title}}</h3>
    {{{svg}}}
    {{/ratioCharts}}
    <h2>{{labels.districts}}</h2>
    {{{districtChart}}}
    <h2>{{labels.binding}}</h2>
    {{^hasBinding}}<p class="none">{{labels.none}}</p>{{/hasBinding}}
    {{#hasBinding}}<table id="binding">
    <tr><th class="name">{{labels.rule}}</th><th>{{labels.school}}</th><th>{{labels.detail}}</th></tr>
    {{#binding}}<tr><td class="code">{{rule}}</td><td>{{unit}}</td><td>{{detail}}</td></tr>
    {{/binding}}
    </table>{{/hasBinding}}
    <h2>{{labels.unmet}}</h2>
    {{^hasUnmet}}<p class="none">{{labels.none}}</p>{{/hasUnmet}}
    {{#hasUnmet}}<table id="unmet"><tr><th class="name">{{labels.rule}}</th><th>{{labels.detail}}</th></tr>
    {{#unmet}}<tr><td class="code">{{rule}}</td><td>{{detail}}</td></tr>
    {{/unmet}}</table>{{/hasUnmet}}
    <h2>{{labels.notable}}</h2>
    <h3>{{labels.strictControl}}</h3>
    {{^hasStrict}}<p class="none">{{labels.none}}</p>{{/hasStrict}}
    {{#hasStrict}}<table id="strict"><tr><th>{{labels.school}}</th><th>{{labels.detail}}</th></tr>
    {{#strict}}<tr><td>{{unit}}</td><td>{{detail}}</td></tr>
    {{/strict}}</table>{{/hasStrict}}
    <h3>{{labels.closedDoor}}</h3>
    {{^hasClosedDoor}}<p class="none">{{labels.none}}</p>{{/hasClosedDoor}}
    {{#hasClosedDoor}}<table id="closed-door"><tr><th>{{labels.school}}</th><th>{{labels.detail}}</th></tr>
    {{#closedDoor}}<tr><td>{{unit}}</td><td>{{detail}}</td></tr>
    {{/closedDoor}}</table>{{/hasClosedDoor}}
    <h3>{{labels.largest}}</h3>
    {{^hasLargest}}<p class="none">{{labels.none}}</p>{{/hasLargest}}
    {{#hasLargest}}<table id="largest"><tr><th>{{labels.school}}</th><th>{{labels.category}}</th><th class="n">{{labels.quota}}</th></tr>
    {{#largest}}<tr><td>{{unit}}</td><td>{{rule}}</td><td class="n">{{detail}}</td></tr>
    {{/largest}}</table>{{/hasLargest}}
    <h2>{{labels.sensitivity}}</h2>
    {{^hasSensitivity}}<p class="none">{{labels.none}}</p>{{/hasSensitivity}}
    {{#hasSensitivity}}<p class="explain">{{labels.sensitivityNote}}</p>
    <table id="sensitivity"><tr><th class="name">{{labels.category}}</th><th class="n name">{{labels.headroom}}</th><th>{{labels.nextMember}}</th><th>{{labels.previousMember}}</th></tr>
    {{#sensitivity}}<tr><td class="name">{{category}}</td><td class="n">{{headroom}}</td><td>{{next}}</td><td>{{previous}}</td></tr>
    {{/sensitivity}}</table>{{/hasSensitivity}}
    <h3>{{labels.heldBack}}</h3>
    {{^hasHeldBack}}<p class="none">{{labels.none}}</p>{{/hasHeldBack}}
    {{#hasHeldBack}}<p class="explain">{{heldBackNote}}</p>
    <table id="held-back"><tr><th class="name">{{labels.category}}</th><th>{{labels.school}}</th><th class="name">{{labels.rule}}</th><th>{{labels.grades}}</th><th class="n">{{labels.limit}}</th><th class="n">{{labels.heldMembers}}</th></tr>
    {{#heldBack}}<tr><td class="name">{{category}}</td><td>{{school}}</td><td class="code">{{rule}}</td><td>{{grades}}</td><td class="n">{{limit}}</td><td class="n">{{members}}</td></tr>
    {{/heldBack}}</table>{{/hasHeldBack}}
    <h2>{{labels.glossary}}</h2>
    <p class="explain">{{labels.glossaryNote}}</p>
    <table id="glossary"><tr><th class="name">{{labels.code}}</th><th>{{labels.name}}</th><th>{{labels.meaning}}</th></tr>
    {{#glossary}}<tr><td class="code">{{code}}</td><td>{{title}}</td><td>{{meaning}}</td></tr>
    {{/glossary}}</table>
    </body>
    </html>

    """

  static let markdown = """
    {{% CONTENT_TYPE: TEXT}}
    # {{title}}

    {{scenario}}

    {{#dataNote}}
    > {{dataNote}}

    {{/dataNote}}
    ## {{labels.summary}}

    {{total}}{{verdict}}

    | {{labels.category}} | {{labels.quota}} |{{#hasEnvelope}} {{labels.envelope}} |{{/hasEnvelope}} {{labels.lastYear}} | {{labels.change}} | {{labels.units}} | {{labels.withQuota}} | {{labels.goals}} | {{labels.level}} | {{labels.caps}} |
    |---|---:|{{#hasEnvelope}}---:|{{/hasEnvelope}}---:|---:|---:|---:|---|---:|---|
    {{#categories}}
    | {{name}} | {{total}} |{{#hasEnvelope}} {{envelope}} |{{/hasEnvelope}} {{lastYear}} | {{change}} | {{units}} | {{withQuota}} | {{goals}} | {{level}} | {{caps}} |
    {{/categories}}

    ## {{labels.attachment}}

    {{labels.attachmentNote}}

    | {{labels.district}} | {{labels.category}} | {{labels.quota}} | {{labels.firstNumber}} | {{labels.lastNumber}} |
    |---|---|---:|---:|---:|
    {{#allocation}}
    | {{district}} | {{category}} | {{quota}} | {{first}} | {{last}} |
    {{/allocation}}

    ## {{labels.binding}}

    {{^hasBinding}}
    {{labels.none}}
    {{/hasBinding}}
    {{#hasBinding}}
    | {{labels.rule}} | {{labels.school}} | {{labels.detail}} |
    |---|---|---|
    {{#binding}}
    | {{rule}} | {{unit}} | {{detail}} |
    {{/binding}}
    {{/hasBinding}}

    ## {{labels.unmet}}

    {{^hasUnmet}}
    {{labels.none}}
    {{/hasUnmet}}
    {{#unmet}}
    - {{rule}}{{labels.colon}}{{detail}}
    {{/unmet}}

    ## {{labels.notable}}

    ### {{labels.strictControl}}

    {{^hasStrict}}
    {{labels.none}}
    {{/hasStrict}}
    {{#strict}}
    - {{unit}}{{labels.colon}}{{detail}}
    {{/strict}}

    ### {{labels.closedDoor}}

    {{^hasClosedDoor}}
    {{labels.none}}
    {{/hasClosedDoor}}
    {{#closedDoor}}
    - {{unit}}{{labels.colon}}{{detail}}
    {{/closedDoor}}

    ### {{labels.largest}}

    {{^hasLargest}}
    {{labels.none}}
    {{/hasLargest}}
    {{#largest}}
    - {{unit}}{{labels.open}}{{rule}}{{labels.close}}{{labels.colon}}{{detail}}
    {{/largest}}

    ## {{labels.sensitivity}}

    {{^hasSensitivity}}
    {{labels.none}}
    {{/hasSensitivity}}
    {{#hasSensitivity}}
    {{labels.sensitivityNote}}

    | {{labels.category}} | {{labels.headroom}} | {{labels.nextMember}} | {{labels.previousMember}} |
    |---|---:|---|---|
    {{#sensitivity}}
    | {{category}} | {{headroom}} | {{next}} | {{previous}} |
    {{/sensitivity}}
    {{/hasSensitivity}}

    ### {{labels.heldBack}}

    {{^hasHeldBack}}
    {{labels.none}}
    {{/hasHeldBack}}
    {{#hasHeldBack}}
    {{heldBackNote}}

    | {{labels.category}} | {{labels.school}} | {{labels.rule}} | {{labels.grades}} | {{labels.limit}} | {{labels.heldMembers}} |
    |---|---|---|---|---:|---:|
    {{#heldBack}}
    | {{category}} | {{school}} | {{rule}} | {{grades}} | {{limit}} | {{members}} |
    {{/heldBack}}
    {{/hasHeldBack}}

    ## {{labels.glossary}}

    {{labels.glossaryNote}}

    | {{labels.code}} | {{labels.name}} | {{labels.meaning}} |
    |---|---|---|
    {{#glossary}}
    | {{code}} | {{title}} | {{meaning}} |
    {{/glossary}}

    """
}
