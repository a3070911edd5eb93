global using IopFinder.Tests.Support;
global using Microsoft.Extensions.Logging;
