using IopFinder.Web;

var builder = WebApplication.CreateBuilder(args);
builder.AddIopFinder();

var app = builder.Build();
app.UseIopFinder();
app.Run();
