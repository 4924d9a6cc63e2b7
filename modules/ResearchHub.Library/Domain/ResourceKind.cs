namespace ResearchHub.Library.Domain;

public enum ResourceKind
{
    Evaluation = 0,
    Methodology = 1,
    StoryCodingScheme = 2,
    Toolkit = 3,
    CaseStudy = 4,
    LearningReport = 5,
    LiteratureReference = 6,
    DataSource = 7,
    Correspondence = 8,
}
