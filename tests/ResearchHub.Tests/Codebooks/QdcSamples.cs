using System.Text;

namespace ResearchHub.Tests.Codebooks;

/// <summary>.qdc files as real tools write them, and broken in each way the schema can be broken.</summary>
internal static class QdcSamples
{
    public const string Connection = "6c1f5f52-5b1d-4a0e-9f61-6a5d0c1b2a01";
    public const string Belonging = "6c1f5f52-5b1d-4a0e-9f61-6a5d0c1b2a02";
    public const string Confidence = "6c1f5f52-5b1d-4a0e-9f61-6a5d0c1b2a03";
    public const string Control = "6c1f5f52-5b1d-4a0e-9f61-6a5d0c1b2a04";
    public const string Wellbeing = "6c1f5f52-5b1d-4a0e-9f61-6a5d0c1b2a05";
    public const string OutcomesSet = "6c1f5f52-5b1d-4a0e-9f61-6a5d0c1b2a10";

    /// <summary>
    /// As a desktop tool writes it: a schemaLocation naming another version, braces and capitals in a
    /// GUID, nested codes, #RRGGBB and #RGB colours, a set with MemberCode, non-ASCII names.
    /// </summary>
    public static readonly string RealTool = $"""
        <?xml version="1.0" encoding="utf-8"?>
        <CodeBook xmlns="urn:QDA-XML:codebook:1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                  xsi:schemaLocation="urn:QDA-XML:codebook:0.9 http://schema.qdasoftware.org/versions/Codebook/v0.9/Codebook.xsd"
                  origin="QualCoder 3.5">
          <Codes>
            <Code guid="{Connection}" name="Connection" isCodable="false" color="#1D70B8">
              <Description>Relationships with people and places.</Description>
              <Code guid="{"{" + Belonging.ToUpperInvariant() + "}"}" name="Belonging – ‘feeling part of’ Ærø" isCodable="true" color="#F0A">
                <Description>Feeling part of a community.</Description>
              </Code>
            </Code>
            <Code guid="{Confidence}" name="Confidence" isCodable="true" color="#00703C"/>
            <Code guid="{Control}" name="Contrôle / choice" isCodable="true"/>
          </Codes>
          <Sets>
            <Set guid="{OutcomesSet}" name="Four Cs">
              <Description>The outcome themes.</Description>
              <MemberCode guid="{Belonging}"/>
              <MemberCode guid="{Confidence}"/>
            </Set>
          </Sets>
        </CodeBook>
        """;

    public const string BadGuid = """
        <?xml version="1.0" encoding="utf-8"?>
        <CodeBook xmlns="urn:QDA-XML:codebook:1.0">
          <Codes>
            <Code guid="not-a-guid" name="Silos" isCodable="true"/>
          </Codes>
        </CodeBook>
        """;

    public const string MissingName = """
        <?xml version="1.0" encoding="utf-8"?>
        <CodeBook xmlns="urn:QDA-XML:codebook:1.0">
          <Codes>
            <Code guid="6c1f5f52-5b1d-4a0e-9f61-6a5d0c1b2a21" name="Demand" isCodable="true"/>
            <Code guid="6c1f5f52-5b1d-4a0e-9f61-6a5d0c1b2a22" isCodable="true"/>
          </Codes>
        </CodeBook>
        """;

    public const string MissingIsCodable = """
        <?xml version="1.0" encoding="utf-8"?>
        <CodeBook xmlns="urn:QDA-XML:codebook:1.0">
          <Codes>
            <Code guid="6c1f5f52-5b1d-4a0e-9f61-6a5d0c1b2a31" name="Culture"/>
          </Codes>
        </CodeBook>
        """;

    public const string EmptyCodes = """
        <?xml version="1.0" encoding="utf-8"?>
        <CodeBook xmlns="urn:QDA-XML:codebook:1.0">
          <Codes>
          </Codes>
        </CodeBook>
        """;

    public const string WithDtd = """
        <?xml version="1.0"?>
        <!DOCTYPE CodeBook [ <!ENTITY x SYSTEM "file:///etc/passwd"> ]>
        <CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="6c1f5f52-5b1d-4a0e-9f61-6a5d0c1b2a41" name="&x;" isCodable="true"/></Codes></CodeBook>
        """;

    public static string Truncated => RealTool[..(RealTool.Length / 2)];

    public static MemoryStream Stream(string xml) => new(Encoding.UTF8.GetBytes(xml));
}
