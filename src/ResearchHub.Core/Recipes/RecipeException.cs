namespace ResearchHub.Core.Recipes;

/// <summary>Names the problem with a recipe: its file, step and what was wrong. Nothing was changed.</summary>
public sealed class RecipeException(string message, Exception? inner = null) : Exception(message, inner);
